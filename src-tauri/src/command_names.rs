// The commands the window may call; shared by build.rs (permissions) and the app.
pub const NAMES: &[&str] = &[
    "summary",
    "model",
    "templates",
    "identity_status",
    "create_identity",
    "unlock",
    "new_from_template",
    "apply_edit",
    "undo",
    "redo",
    "save",
    "autosave",
    "open_dialog",
    "save_as_dialog",
    "findings",
];
