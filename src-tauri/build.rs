fn main() {
    // The app's own commands are permission-checked too; each needs `allow-<command>` in
    // the window's capability.
    let manifest = tauri_build::AppManifest::new().commands(gatehouse_desktop_commands::NAMES);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build script");
}

mod gatehouse_desktop_commands {
    include!("src/command_names.rs");
}
