//! Integration tests of the workbench boundary.

mod bindings;
mod session;
