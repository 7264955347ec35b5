//! Integration tests of the workbench boundary.

mod audit;
mod bindings;
mod change;
mod codes;
mod dashboard;
mod drift;
mod exceptions;
mod export;
mod import;
mod job;
mod reviews;
mod session;
mod share;
mod simulation;
mod wizard;
