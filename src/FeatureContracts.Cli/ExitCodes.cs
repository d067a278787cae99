namespace FeatureContracts.Cli;

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Done; some input lines may have been rejected (the manifest and rejects file say which).</summary>
    public const int Success = 0;

    /// <summary>The arguments are unusable (System.CommandLine's own parse errors also exit with 1).</summary>
    public const int BadArguments = 1;

    /// <summary>The monitors' verdict is failing (<c>check</c>): the report says which feature, which check and what to do.</summary>
    public const int VerdictFailing = 2;

    /// <summary>An input file is missing or unusable as a whole (no header, a bad contract file, ...).</summary>
    public const int BadInput = 3;

    /// <summary>
    /// <c>diff</c> found a breaking change and the new contract's version is not greater than the old one's: a model
    /// registry keyed by name and version would serve a model rows it was not trained on.
    /// </summary>
    public const int BreakingWithoutVersionBump = 4;
}
