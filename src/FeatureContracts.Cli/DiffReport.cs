using FeatureContracts.Evolution;

namespace FeatureContracts.Cli;

/// <summary>The text report of <c>featurecontracts diff</c>: one line per change, then a summary line.</summary>
internal static class DiffReport
{
    public static void Write(TextWriter output, ContractDiff diff)
    {
        foreach (ContractChange change in diff.Changes)
        {
            string impact = change.IsBreaking ? "BREAKING  " : "compatible";
            output.WriteLine($"{impact}  {change.Feature ?? "(contract)"}  {Aspect(change.Aspect)}  {change.Old} -> {change.New}  {change.Reason}");
        }

        int breaking = diff.Changes.Count(c => c.IsBreaking);
        string fingerprint = diff.FingerprintChanged
            ? $"fingerprint {diff.OldFingerprint[..12]} -> {diff.NewFingerprint[..12]}"
            : $"fingerprint unchanged ({diff.OldFingerprint[..12]})";
        string verdict = (diff.HasBreakingChanges, diff.VersionBumped) switch
        {
            (false, _) => diff.Changes.IsEmpty ? "no changes" : "compatible: a model trained on the old rows keeps working",
            (true, true) => "breaking, with a version bump: retrain the model on rows of the new version",
            _ => $"breaking without a version bump: give the new contract a version above {diff.OldVersion}",
        };
        output.WriteLine(
            $"{diff.Name} v{diff.OldVersion} -> v{diff.NewVersion}: {diff.Changes.Length} change(s), {breaking} breaking; {fingerprint}; {verdict}");
    }

    /// <summary>An aspect as words: <c>VocabularyOrder</c> is <c>vocabulary order</c>.</summary>
    private static string Aspect(ChangeAspect aspect)
        => string.Concat(aspect.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
