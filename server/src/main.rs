use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc: parsing many small files allocates and frees many small trees, on every thread;
/// about a tenth off `agentls check` against the system allocator (docs/PERFORMANCE.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A language server and linter for AI agent definition files.
#[derive(Parser)]
#[command(name = "agentls", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the language server over stdio.
    Serve {
        /// Accepted for clients that append it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Check agent files and report problems (for CI).
    Check(agentls::cli::CheckArgs),
    /// Draw the team: agents, skills and their delegations (Mermaid, DOT, SVG or JSON).
    Graph(agentls::cli::GraphArgs),
    /// List the tools agentls knows: the folders each reads and where the facts come from.
    Targets(agentls::cli::TargetsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { stdio: _ } => {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = std::io::Write::write_all(
                        &mut std::io::stderr(),
                        format!("agentls: cannot start: {e}\n").as_bytes(),
                    );
                    return ExitCode::from(2);
                }
            };
            runtime.block_on(agentls::lsp::serve_stdio());
            ExitCode::SUCCESS
        }
        Command::Check(args) => agentls::cli::run_check(&args),
        Command::Graph(args) => agentls::cli::run_graph(&args),
        Command::Targets(args) => agentls::cli::run_targets(&args),
    }
}
