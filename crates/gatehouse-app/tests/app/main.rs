//! Integration tests of the workbench boundary.

mod bindings;
mod import;
mod session;
mod wizard;
