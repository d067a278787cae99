namespace FeatureContracts.Cli;

/// <summary>The tool's exit codes (the README and docs/cli.md list them).</summary>
internal static class ExitCodes
{
    /// <summary>Done; some input lines may have been rejected (the manifest and rejects file say which).</summary>
    public const int Success = 0;

    /// <summary>
    /// The arguments are unusable (System.CommandLine's own parse errors also exit with 1), e.g. an <c>--out</c> whose
    /// extension names no known format.
    /// </summary>
    public const int BadArguments = 1;

    /// <summary>The monitors' verdict is failing (<c>check</c>): the report says which feature, which check and what to do.</summary>
    public const int VerdictFailing = 2;

    /// <summary>An input file is missing, is a folder, or is unusable as a whole (no header, a bad contract file, ...).</summary>
    public const int BadInput = 3;

    /// <summary>
    /// <c>diff</c> found a breaking change and the new contract's version is not greater than the old one's: a model
    /// registry keyed by name and version would serve a model rows it was not trained on.
    /// </summary>
    public const int BreakingWithoutVersionBump = 4;

    /// <summary>
    /// The operating system refused a read or a write: a full disk, a read-only or permission-denied folder, an output
    /// path that is a folder. One line names the path and the cause; no output file appears and nothing is left behind.
    /// </summary>
    public const int IoFailure = 5;

    /// <summary><c>verify</c>: the export's files are not a complete, consistent set; one line per problem says why.</summary>
    public const int ExportIncomplete = 6;

    /// <summary>
    /// Cancelled by Ctrl+C (SIGINT) or SIGTERM: the command stopped, removed its temporary and spill files, and left the
    /// files already at its output paths as they were (128 + SIGINT, as shells report an interrupted command).
    /// </summary>
    public const int Cancelled = 130;
}
