// Every desktop command, named once. build.rs makes each a permission (`allow-<name>`) and
// lib.rs turns the same list into the invoke handler, so the two cannot disagree; the
// registry tests check the window's capability and the front end's list against NAMES.

/// Calls `$then!(summary, model, ...)` with the commands' function names.
macro_rules! with_desktop_commands {
    ($then:ident) => {
        $then!(
            summary,
            model_delta,
            templates,
            identity_status,
            create_identity,
            unlock,
            new_from_template,
            apply_edit,
            undo,
            redo,
            save,
            autosave,
            open_dialog,
            save_as_dialog,
            findings,
            escalation_coverage,
            dashboard,
            pending_file,
            open_pending,
            sharing,
            share_add,
            share_add_dialog,
            share_remove,
            share_copy_dialog,
            import_samples,
            import_pending,
            import_sample,
            import_dialog,
            import_preview,
            import_cells,
            import_cancel,
            import_apply,
            import_close,
            drift_last,
            drift_samples,
            drift_dialog,
            drift_check,
            drift_check_sample,
            simulate,
            monte_carlo,
            deck_samples,
            deck_sample,
            deck_dialog,
            play_deck,
            pin_request,
            pin_deck,
            pin_monte_carlo,
            simulated_fingerprint,
            what_if_simulate,
            what_if_deck,
            what_if_monte_carlo,
            exceptions,
            add_exception,
            end_exception,
            changes,
            request_change,
            sign_change,
            promote_change,
            reviews,
            start_review,
            start_scheduled_review,
            decide_review,
            close_review,
            review_export_dialog,
            review_import_dialog,
            audit_log,
            versions,
            add_version,
            diff_versions,
            restore_version,
            export_setup,
            create_signing_key,
            unlock_signing_key,
            import_signing_key,
            pkcs12_dialog,
            export_dest_dialog,
            export,
            export_cancel,
            open_export_folder,
        )
    };
}

macro_rules! command_names {
    ($($name:ident),+ $(,)?) => {
        &[$(stringify!($name)),+]
    };
}

/// The commands the window may call, as the front end names them.
pub const NAMES: &[&str] = with_desktop_commands!(command_names);
