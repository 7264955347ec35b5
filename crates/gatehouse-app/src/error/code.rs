//! Every code an error can cross the boundary with, in one list: each with the exact string
//! hosts see (JSON output, the CLI's `[code]`, the TypeScript union) and what it means. The
//! README's table of error codes is checked against this list.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! error_codes {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal : $meaning:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
        pub enum $name {
            $(#[doc = $meaning] #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code as hosts see it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// What the code means, in one line (the README's table).
            pub fn meaning(self) -> &'static str {
                match self { $($name::$variant => $meaning),+ }
            }
        }
    };
}

error_codes!(
    /// The stable code of an [`crate::AppError`]: what a host acts on (the message is for
    /// people). Serialised as the snake_case string, generated to TypeScript as a union.
    ErrorCode {
        // The vault file and the identity (gatehouse-vault's `VaultError`).
        WrongKey => "wrong_key": "none of the identity's keys opens the vault",
        WrongPassphrase => "wrong_passphrase": "the passphrase does not unlock the identity file",
        PassphraseRequired => "passphrase_required": "the identity file is protected and no passphrase was given",
        IdentityNotFound => "identity_not_found": "there is no identity file at the path; create one with `gatehouse keygen`",
        NotAnIdentity => "not_an_identity": "the identity file is not an age identity",
        NotAVault => "not_a_vault": "the file is not a Gatehouse vault",
        Truncated => "truncated": "the vault file is cut short; the message names the previous save when one is kept",
        Tampered => "tampered": "the vault file fails its integrity check (altered or damaged)",
        NewerSchema => "newer_schema": "the vault was written by a newer Gatehouse",
        InvalidRecipient => "invalid_recipient": "the text is not an age public key (`age1…`)",
        NoRecipients => "no_recipients": "a vault needs at least one recipient",
        AuditChainBroken => "audit_chain_broken": "the audit log's hash chain does not verify",
        InvalidModel => "invalid_model": "the model (stored or given) breaks a validation rule",
        CorruptVault => "corrupt_vault": "a stored entity of the vault cannot be read",
        Io => "io": "a file could not be read or written",
        Database => "database": "the vault's database failed",
        Encrypt => "encrypt": "encrypting the vault failed",
        // Edits and model JSON (gatehouse-core).
        NotFound => "not_found": "no entity with that id or name",
        InvalidEdit => "invalid_edit": "the edit would leave the model invalid",
        ModelJsonSyntax => "model_json_syntax": "the model JSON does not parse",
        // Spreadsheet import (gatehouse-import's `ImportError`, and the import's workflow).
        ImportIo => "import_io": "the spreadsheet could not be read",
        ImportTooLarge => "import_too_large": "the spreadsheet is over the importer's size limit",
        ImportNotASpreadsheet => "import_not_a_spreadsheet": "the file is not a spreadsheet the importer reads",
        ImportPasswordProtected => "import_password_protected": "the workbook is password-protected",
        ImportZipBomb => "import_zip_bomb": "a part of the workbook would inflate past the limit",
        ImportCorrupt => "import_corrupt": "the spreadsheet is damaged or truncated, or its rows do not make a valid model",
        ImportSyncRefused => "import_sync_refused": "removing what the newer file no longer has would leave the model invalid; nothing was changed",
        ImportSheetUnreadable => "import_sheet_unreadable": "one sheet of the workbook is damaged",
        ImportEmpty => "import_empty": "nothing was read from the spreadsheet (no sheet with data, or every sheet skipped); nothing was changed",
        ImportMappingInvalid => "import_mapping_invalid": "the mapping (given or stored) cannot be read or does not fit the file",
        ImportCancelled => "import_cancelled": "the import was cancelled; nothing was changed",
        ImportStale => "import_stale": "the preview was made on another file or model revision; preview again",
        ImportInvalid => "import_invalid": "the import's changes repeat an entity; nothing was changed",
        ImportWarnings => "import_warnings": "`import --strict`: the import read warnings; nothing was changed",
        NoImport => "no_import": "no import is open in the wizard",
        NoPreview => "no_preview": "the import has not been previewed yet",
        NoSuchSheet => "no_such_sheet": "the previewed file has no sheet with that index",
        NoSuchSample => "no_such_sample": "there is no bundled sample of that name",
        // The session and the headless workflows.
        IdentityExists => "identity_exists": "an identity file already exists at the path",
        WeakPassphrase => "weak_passphrase": "the new passphrase is shorter than 8 characters",
        IdentityLocked => "identity_locked": "the identity must be unlocked first",
        PassphraseMismatch => "passphrase_mismatch": "the two passphrases typed differ",
        NoFile => "no_file": "the model has no file yet (or none waits to be opened)",
        FileExists => "file_exists": "a file already exists where a new vault was to be created",
        UnknownTemplate => "unknown_template": "no built-in template of that name",
        UnknownRecipient => "unknown_recipient": "the key is not a recipient of the vault",
        LastRecipient => "last_recipient": "the last recipient cannot be removed",
        RemoveSelf => "remove_self": "removing your own key needs `--force`",
        CopyOverSelf => "copy_over_self": "a hand-over copy cannot be written over the open model's own file",
        NothingToUndo => "nothing_to_undo": "there is nothing to undo",
        NothingToRedo => "nothing_to_redo": "there is nothing to redo",
        InvalidDate => "invalid_date": "the date is not `YYYY-MM-DD`",
        Findings => "findings": "`check --fail-on` found findings at or above the severity",
        // Simulation (`gatehouse simulate`, the Simulate page).
        UnknownPerson => "unknown_person": "the simulated requester is not a person of the model",
        UnknownAsset => "unknown_asset": "the simulated asset is not an asset of the model",
        UnknownEnvironment => "unknown_environment": "the simulated environment is not one of the model",
        InvalidRoute => "invalid_route": "the target environment does not come after the source in the promotion path",
        InvalidAttribute => "invalid_attribute": "a change attribute is not one of user_facing, touches_integration, changes_data_mapping, new_asset",
        Blocked => "blocked": "`simulate --fail-if-blocked`: the simulated promotion is blocked",
        DeckInvalid => "deck_invalid": "the scenario deck does not parse, or one of its events cannot be played",
        // The audit package (`gatehouse export`, `gatehouse verify`, the Export page).
        SigningKeyExists => "signing_key_exists": "a signing key file already exists at the path",
        SigningKeyNotFound => "signing_key_not_found": "there is no signing key file at the path; create one with `gatehouse keygen --signing`",
        SigningKeyInvalid => "signing_key_invalid": "the signing key file is damaged or not a Gatehouse signing key",
        SigningKeyLocked => "signing_key_locked": "the Export page's signing key is not unlocked yet; unlock it (or make one) first",
        SigningFailed => "signing_failed": "signing the binder or the bag failed",
        KeyImportRefused => "key_import_refused": "the PKCS#12 file's key cannot sign binders (only ECDSA P-256 can), or the file holds no key with its certificate",
        KeyImportWrongPassphrase => "key_import_wrong_passphrase": "the passphrase does not open the PKCS#12 file",
        UnknownSection => "unknown_section": "a section name is not one of the binder's sections",
        ExportDestinationExists => "export_destination_exists": "the export's destination already exists (an export never overwrites)",
        ExportFailed => "export_failed": "a part of the audit package could not be made",
        ExportCancelled => "export_cancelled": "the export was cancelled; nothing was written",
        ExportStale => "export_stale": "the model changed while the export ran; export again",
        NotABag => "not_a_bag": "the path to verify is not a BagIt bag (a folder or a zip of one)",
        VerifyFailed => "verify_failed": "the package fails a check of `gatehouse verify`",
        // The audit package's workbook and controls (gatehouse-export's `ExportError`).
        ExportControlsInvalid => "export_controls_invalid": "the model's controls file (TOML) is not valid; the message names the line and column",
        ExportWorkbook => "export_workbook": "the Excel workbook could not be written (a value past Excel's limits)",
        ExportPdf => "export_pdf": "the binder (binder.pdf) could not be written",
        MixInvalid => "mix_invalid": "the Monte Carlo request mix does not parse, names something the model lacks, or has a value out of range",
        MonteCarloCancelled => "monte_carlo_cancelled": "the Monte Carlo simulation was cancelled; nothing was kept",
        SimulationStale => "simulation_stale": "the simulation was computed on another model revision; run it again",
        // The exception register (`gatehouse exception`, the Exceptions page).
        ExceptionSelfApproval => "exception_self_approval": "an exception's approver is the person it is for",
        ExceptionApproverConflict => "exception_approver_conflict": "an exception's approver is in SoD conflict with the person it is for",
        ExceptionInvalid => "exception_invalid": "an exception lacks a justification, or its dates are out of order",
        ExceptionEnded => "exception_ended": "the exception has already ended",
        // Named versions (`gatehouse version`, `gatehouse diff`, the Versions page).
        VersionInvalid => "version_invalid": "a version needs a name (and not `current`)",
        VersionExists => "version_exists": "a version of that name already exists",
        NoSuchVersion => "no_such_version": "no version of that name has been kept",
        // Drift against an actual access export (`gatehouse drift`).
        DriftEmpty => "drift_empty": "no assignment (who holds which role) was read from the actual access export; nothing was compared or recorded",
        DriftStale => "drift_stale": "the drift check was computed on another file or model revision; check again",
        DriftFound => "drift_found": "`drift --fail-on-drift`: the actual access differs from the model",
        // Change requests through the gates (`gatehouse change`, the Changes page).
        ChangeUnknown => "change_unknown": "no change request with that id",
        ChangeClosed => "change_closed": "the change request was rejected or already promoted: it takes no more sign-offs or promotion",
        ChangeIneligibleSigner => "change_ineligible_signer": "the person may not sign the change now (the requester, no applying requirement asks them, an SoD conflict, an expired assignment); the message says which",
        ChangeAlreadySigned => "change_already_signed": "the person has already signed that requirement of the change",
        ChangeGateUnsatisfied => "change_gate_unsatisfied": "a gate on the change's way is not satisfied at the moment (approvals, wait timer, freeze window, business hours); the message names the rule; a refused promotion is recorded on the change",
        ChangeInvalid => "change_invalid": "a change request lacks a title or description",
        // Access review campaigns (`gatehouse review`, the Reviews page).
        ReviewNotFound => "review_not_found": "there is no access review campaign with that id",
        ReviewItemNotFound => "review_item_not_found": "the campaign has no item for that assignment",
        ReviewSelfDecision => "review_self_decision": "a reviewer tried to decide on their own access",
        ReviewNotReviewer => "review_not_reviewer": "the person is not a reviewer of that item",
        ReviewClosed => "review_closed": "the campaign is closed: its decisions were applied and are kept as evidence",
        ReviewNotStarted => "review_not_started": "the campaign is scheduled but not started",
        ReviewExists => "review_exists": "a campaign with that id or name already exists, or is already open",
        ReviewInvalid => "review_invalid": "a campaign or decision is incomplete or out of range (no name, nothing in scope, a change without a future end date)",
        ReviewImport => "review_import": "a reviewer's workbook could not be read or has errors; no decision was applied",
        Usage => "usage": "the command line is missing something",
        Internal => "internal": "a worker of the app stopped unexpectedly",
        // Never sent by the backend: the desktop's front end gives it to a failure of its own
        // or of the IPC layer, so that every error it shows carries a code of this list.
        Unexpected => "unexpected": "the desktop's front end or its IPC layer failed (not sent by the backend)",
    }
);

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
