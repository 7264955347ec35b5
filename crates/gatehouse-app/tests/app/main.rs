//! Integration tests of the workbench boundary.

mod bindings;
mod codes;
mod import;
mod session;
mod wizard;
