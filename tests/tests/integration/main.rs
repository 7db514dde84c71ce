//! Every integration test in one binary: each module is one area of the application, and each
//! test runs on SQLite and on PostgreSQL. One binary links once, which keeps the test build
//! quick and small.

mod accounts;
mod api;
mod api_assignments;
mod api_funding;
mod api_history;
mod api_measures;
mod api_reports;
mod areas;
mod assignment_edit;
mod changes;
mod clock;
mod comparison;
mod concurrency;
mod coverage;
mod crash;
mod data_out;
mod database;
mod flags;
mod funding_imports;
mod horizons;
mod imports;
mod indicators;
mod kept_pages;
mod operations;
mod oversight;
mod pages;
mod plain_forms;
mod plan;
mod replica;
mod reporting;
mod reports;
mod second_factor;
mod server_functions;
mod several_servers;
mod startup;
mod tokens;
mod work;
