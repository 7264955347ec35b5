// Prevents an additional console window on Windows in release.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc rather than the system allocator: an import of a 100,000-row list allocates and
/// frees millions of small strings, where glibc's malloc took a third of the time
/// (BENCHMARKS.md, spreadsheet import).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    gatehouse_desktop_lib::run();
}
