//! The admin API: for the suite and for people, never for the widget. Not journaled itself,
//! so reading the journal does not change it. One module per job.

pub mod faults;
pub mod journal;
pub mod steering;
pub mod workspaces;

pub use workspaces::CreatedWorkspace;
