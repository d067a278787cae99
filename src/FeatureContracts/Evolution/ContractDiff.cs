using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Evolution;

/// <summary>
/// The differences between two versions of one contract, each classified for the model that consumes the rows.
/// A change is <see cref="ChangeImpact.Breaking"/> when some input gets another row, another rejection or another
/// column layout than before, which is exactly a change to what the fingerprint covers; monitor thresholds and
/// descriptions are outside the fingerprint and <see cref="ChangeImpact.Compatible"/>. See <c>docs/contracts.md</c>,
/// "Evolving a contract".
/// </summary>
public sealed class ContractDiff
{
    private const string None = "none";

    private ContractDiff(FeatureContract old, FeatureContract @new, ImmutableArray<ContractChange> changes)
    {
        Name = old.Name;
        OldVersion = old.Version;
        NewVersion = @new.Version;
        OldFingerprint = old.Fingerprint;
        NewFingerprint = @new.Fingerprint;
        Changes = changes;
    }

    /// <summary>The contract's name, the same in both versions.</summary>
    public string Name { get; }

    /// <summary>The older contract's version.</summary>
    public int OldVersion { get; }

    /// <summary>The newer contract's version.</summary>
    public int NewVersion { get; }

    /// <summary>The older contract's fingerprint.</summary>
    public string OldFingerprint { get; }

    /// <summary>The newer contract's fingerprint.</summary>
    public string NewFingerprint { get; }

    /// <summary>
    /// Every change: contract-level ones first, then feature by feature in the newer contract's order, then the
    /// features the newer contract removed, in the older contract's order.
    /// </summary>
    public ImmutableArray<ContractChange> Changes { get; }

    /// <summary>Whether the fingerprints differ, i.e. what a row contains or how it is laid out changed.</summary>
    public bool FingerprintChanged => !string.Equals(OldFingerprint, NewFingerprint, StringComparison.Ordinal);

    /// <summary>Whether the newer contract has a greater version number than the older one.</summary>
    public bool VersionBumped => NewVersion > OldVersion;

    /// <summary>Whether any change is breaking.</summary>
    public bool HasBreakingChanges => Changes.Any(c => c.IsBreaking);

    /// <summary>
    /// Whether a breaking change comes without a greater version: a model registry keyed by name and version would
    /// then serve a model with rows it was not trained on.
    /// </summary>
    public bool BreakingWithoutVersionBump => HasBreakingChanges && !VersionBumped;

    /// <summary>Compares two versions of one contract.</summary>
    /// <param name="old">The version a model was trained on.</param>
    /// <param name="new">The version that would serve it.</param>
    /// <returns>Every change, classified.</returns>
    /// <exception cref="ArgumentException">The contracts have different names: they are not versions of one contract.</exception>
    public static ContractDiff Compare(FeatureContract old, FeatureContract @new)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        if (!string.Equals(old.Name, @new.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Contracts '{old.Name}' v{old.Version} and '{@new.Name}' v{@new.Version} are different contracts, not two versions of one: a model of one is never served rows of the other.",
                nameof(@new));
        }

        var changes = new List<ContractChange>();
        if (!string.Equals(old.Description, @new.Description, StringComparison.Ordinal))
        {
            changes.Add(new ContractChange(
                null, ChangeAspect.Description, ChangeImpact.Compatible, Quote(old.Description), Quote(@new.Description),
                "descriptions are labels, not part of the fingerprint: every row stays the same"));
        }

        var oldByName = old.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var newNames = @new.Features.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        List<string> keptOld = [.. old.Features.Select(f => f.Name).Where(newNames.Contains)];
        List<string> keptNew = [.. @new.Features.Select(f => f.Name).Where(oldByName.ContainsKey)];

        foreach (FeatureDefinition feature in @new.Features)
        {
            if (!oldByName.TryGetValue(feature.Name, out FeatureDefinition? before))
            {
                changes.Add(new ContractChange(
                    feature.Name, ChangeAspect.FeatureAdded, ChangeImpact.Breaking, None, Describe(feature),
                    "a new column changes the row and the model vector layout: a model trained on the old layout reads its inputs at shifted positions, and never learned a weight for this one"));
                continue;
            }

            int oldPosition = keptOld.IndexOf(feature.Name);
            int newPosition = keptNew.IndexOf(feature.Name);
            if (oldPosition != newPosition)
            {
                changes.Add(new ContractChange(
                    feature.Name, ChangeAspect.Position, ChangeImpact.Breaking, $"{oldPosition + 1} of {keptOld.Count}", $"{newPosition + 1} of {keptNew.Count}",
                    "the column moved among the kept features: a model that reads its vector by position reads another feature's value in this slot"));
            }

            CompareFeature(before, feature, changes);
        }

        foreach (FeatureDefinition feature in old.Features.Where(f => !newNames.Contains(f.Name)))
        {
            changes.Add(new ContractChange(
                feature.Name, ChangeAspect.FeatureRemoved, ChangeImpact.Breaking, Describe(feature), None,
                "the column is no longer produced: a model trained with it loses an input it has a weight for, and every later slot shifts"));
        }

        return new ContractDiff(old, @new, [.. changes]);
    }

    private static void CompareFeature(FeatureDefinition old, FeatureDefinition @new, List<ContractChange> changes)
    {
        string name = @new.Name;
        void Add(ChangeAspect aspect, ChangeImpact impact, string before, string after, string reason)
            => changes.Add(new ContractChange(name, aspect, impact, before, after, reason));

        if (old.Kind != @new.Kind)
        {
            // Nothing else of two kinds compares: report the kind alone.
            Add(ChangeAspect.Kind, ChangeImpact.Breaking, RowCodec.FormatCode(old.Kind), RowCodec.FormatCode(@new.Kind),
                "the column holds another type of value: its values, its vector slots and their encoding all differ");
            CompareLabels(old, @new, Add);
            return;
        }

        if (!string.Equals(old.SourceName, @new.SourceName, StringComparison.Ordinal))
        {
            Add(ChangeAspect.Source, ChangeImpact.Breaking, old.SourceName, @new.SourceName,
                "the values come from another source (a window or a computation changed with it): the same column may measure something else than what the model learned");
        }
        else if (!Inputs(old).SequenceEqual(Inputs(@new), StringComparer.Ordinal))
        {
            Add(ChangeAspect.Inputs, ChangeImpact.Breaking, string.Join(", ", Inputs(old)), string.Join(", ", Inputs(@new)),
                "the source reads other input fields, or declares another meaning for their absence: the values or the rows it accepts may differ");
        }

        CompareMissing(old, @new, Add);
        CompareMaxAge(old.MaxAge, @new.MaxAge, Add);
        switch (old, @new)
        {
            case (NumericFeatureDefinition a, NumericFeatureDefinition b):
                CompareRange(a.Range, b.Range, Add);
                break;
            case (CategoricalFeatureDefinition a, CategoricalFeatureDefinition b):
                CompareVocabulary(a, b, changes);
                CompareUnseen(a.Unseen, b.Unseen, Add);
                break;
        }

        CompareLabels(old, @new, Add);
    }

    private delegate void Adder(ChangeAspect aspect, ChangeImpact impact, string before, string after, string reason);

    private static void CompareLabels(FeatureDefinition old, FeatureDefinition @new, Adder add)
    {
        (string Before, string After)? monitors = MonitorDifference(old.Monitors, @new.Monitors);
        if (monitors is { } m)
        {
            add(ChangeAspect.Monitors, ChangeImpact.Compatible, m.Before, m.After,
                "monitor thresholds are operations, not row semantics, and not part of the fingerprint: every row stays the same, only when an alert fires changes");
        }

        if (!string.Equals(old.Description, @new.Description, StringComparison.Ordinal))
        {
            add(ChangeAspect.Description, ChangeImpact.Compatible, Quote(old.Description), Quote(@new.Description),
                "descriptions are labels, not part of the fingerprint: every row stays the same");
        }
    }

    private static void CompareMissing(FeatureDefinition old, FeatureDefinition @new, Adder add)
    {
        MissingPolicy a = old.Missing;
        MissingPolicy b = @new.Missing;
        if (a.Rule != b.Rule)
        {
            add(ChangeAspect.MissingRule, ChangeImpact.Breaking, Describe(a), Describe(b),
                $"a missing value {Effect(a)} before and {Effect(b)} now: rows with a missing input are built, filled or rejected differently than the model learned");
            return;
        }

        if (!string.Equals(a.Value?.ToString(), b.Value?.ToString(), StringComparison.Ordinal))
        {
            add(ChangeAspect.FillValue, ChangeImpact.Breaking, a.Value?.ToString() ?? None, b.Value?.ToString() ?? None,
                "a missing input now becomes another value: the model sees a value it learned to mean something else, with nothing in the row to tell it apart");
        }

        if (!string.Equals(a.IndicatorName, b.IndicatorName, StringComparison.Ordinal))
        {
            add(ChangeAspect.Indicator, ChangeImpact.Breaking, a.IndicatorName ?? None, b.IndicatorName ?? None,
                "the missing-indicator column is renamed: rows and vectors name another column than the one the model was trained with");
        }
    }

    private static string Effect(MissingPolicy policy) => policy.Rule switch
    {
        MissingRule.RejectRow => "rejected the row",
        MissingRule.Fill => $"was filled with {policy.Value}",
        MissingRule.MissingWithIndicator => $"stayed missing with {policy.IndicatorName} = 1",
        _ => $"defaulted to {policy.Value} where the source declares absence, else rejected the row",
    };

    private static void CompareMaxAge(Duration? old, Duration? @new, Adder add)
    {
        if (old == @new)
        {
            return;
        }

        string before = old is { } oldAge ? RowCodec.FormatDuration(oldAge) : None;
        string after = @new is { } newAge ? RowCodec.FormatDuration(newAge) : None;
        string reason = (old, @new) switch
        {
            (null, { } n) => $"values older than {RowCodec.FormatDuration(n)}, which the model saw as present, are now missing",
            ({ } o, null) => $"values older than {RowCodec.FormatDuration(o)}, which the model saw as missing, now reach it as present, however stale",
            ({ } o, { } n) when n < o => $"values between {RowCodec.FormatDuration(n)} and {RowCodec.FormatDuration(o)} old, which the model saw as present, are now missing",
            _ => $"values between {before} and {after} old, which the model saw as missing, are now present",
        };
        add(ChangeAspect.MaxAge, ChangeImpact.Breaking, before, after, reason);
    }

    private static void CompareRange(NumericRange old, NumericRange @new, Adder add)
    {
        bool sameBits = Same(old.Min, @new.Min) && Same(old.Max, @new.Max);
        if (old.Action != @new.Action)
        {
            string reason = @new.Action == OutOfRangeAction.Clamp
                ? "values outside the range used to reject the row and are now clamped to a bound: the model is scored on rows it never saw, with a bound standing for any value beyond it"
                : "values outside the range used to be clamped to a bound and now reject the row: requests the model scored are refused";
            add(ChangeAspect.RangeAction, ChangeImpact.Breaking, Describe(old), Describe(@new), sameBits ? reason : reason + ", and the bounds moved");
            return;
        }

        if (sameBits)
        {
            return;
        }

        bool sameValues = old.Min == @new.Min && old.Max == @new.Max;
        bool narrowed = @new.Min >= old.Min && @new.Max <= old.Max;
        bool widened = @new.Min <= old.Min && @new.Max >= old.Max;
        bool clamp = old.Action == OutOfRangeAction.Clamp;
        string bound = clamp && double.IsNegativeInfinity(old.Min) && double.IsNegativeInfinity(@new.Min) ? "cap" : "range";
        (ChangeImpact impact, string why) = (sameValues, narrowed, widened, clamp) switch
        {
            (true, _, _, _) => (ChangeImpact.Compatible,
                "a bound's zero changed sign (-0 against 0): the same values pass, although the fingerprint changes"),
            (_, true, _, false) => (ChangeImpact.Breaking,
                "values between the new and the old bounds used to pass and now reject the row: requests the model scored are refused"),
            (_, _, true, false) => (ChangeImpact.Breaking,
                "values between the old and the new bounds used to reject the row and now reach the model, which never saw them in training and extrapolates silently"),
            (_, true, _, true) => (ChangeImpact.Breaking,
                $"values between the new and the old bounds used to pass as they were and are now clamped: the narrower {bound} gives the model another value for the same input"),
            (_, _, true, true) => (ChangeImpact.Breaking,
                $"values between the old and the new bounds were clamped to the old bound and now pass as they are: the model learned the old bound as 'that much or more' and now sees values beyond it"),
            _ => (ChangeImpact.Breaking,
                "the range moved: some values that passed are now outside it, and some that were outside now pass, so the model sees other values or fewer rows than it learned from"),
        };
        add(ChangeAspect.Range, impact, Describe(old), Describe(@new), why);
    }

    private static void CompareVocabulary(CategoricalFeatureDefinition old, CategoricalFeatureDefinition @new, List<ContractChange> changes)
    {
        var oldCodes = old.Vocabulary.ToHashSet(StringComparer.Ordinal);
        var newCodes = @new.Vocabulary.ToHashSet(StringComparer.Ordinal);
        string oldUnseen = UnseenEffect(old.Unseen);
        string newUnseen = UnseenEffect(@new.Unseen);
        foreach (string code in @new.Vocabulary.Where(c => !oldCodes.Contains(c)))
        {
            changes.Add(new ContractChange(
                @new.Name, ChangeAspect.Vocabulary, ChangeImpact.Breaking, None, code,
                $"a new one-hot slot: rows with '{code}', which {oldUnseen} before, now get their own code, and the slots after it shift"));
        }

        foreach (string code in old.Vocabulary.Where(c => !newCodes.Contains(c)))
        {
            changes.Add(new ContractChange(
                @new.Name, ChangeAspect.Vocabulary, ChangeImpact.Breaking, code, None,
                $"rows with '{code}' had their own slot and now count as unseen ({newUnseen}): the model's weight for it is never used, and the slots after it shift"));
        }

        List<string> keptOld = [.. old.Vocabulary.Where(newCodes.Contains)];
        List<string> keptNew = [.. @new.Vocabulary.Where(oldCodes.Contains)];
        if (!keptOld.SequenceEqual(keptNew, StringComparer.Ordinal))
        {
            changes.Add(new ContractChange(
                @new.Name, ChangeAspect.VocabularyOrder, ChangeImpact.Breaking, string.Join(", ", keptOld), string.Join(", ", keptNew),
                "the codes both versions hold sit in another slot order: a one-hot position the model learned now stands for another code"));
        }
    }

    private static string UnseenEffect(UnseenCategoryPolicy policy)
        => policy.Action == UnseenAction.Reject ? "rejected the row" : $"mapped to the '{policy.Bucket}' bucket";

    private static void CompareUnseen(UnseenCategoryPolicy old, UnseenCategoryPolicy @new, Adder add)
    {
        if (old.Action == @new.Action && string.Equals(old.Bucket, @new.Bucket, StringComparison.Ordinal))
        {
            return;
        }

        string reason = (old.Action, @new.Action) switch
        {
            (UnseenAction.MapToBucket, UnseenAction.Reject) => $"codes outside the vocabulary mapped to '{old.Bucket}' and now reject the row: requests the model scored are refused",
            (UnseenAction.Reject, UnseenAction.MapToBucket) => $"codes outside the vocabulary rejected the row and now reach the model as '{@new.Bucket}', a bucket it never saw filled in training",
            _ => $"unseen codes map to '{@new.Bucket}' instead of '{old.Bucket}': the rows carry another code and the bucket's slot is named differently",
        };
        add(ChangeAspect.Unseen, ChangeImpact.Breaking, Describe(old), Describe(@new), reason);
    }

    private static (string Before, string After)? MonitorDifference(FeatureMonitors old, FeatureMonitors @new)
    {
        if (old == @new)
        {
            return null;
        }

        var before = new List<string>();
        var after = new List<string>();
        void Compare<T>(string property, T a, T b, Func<T, string> format)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                before.Add($"{property} {format(a)}");
                after.Add($"{property} {format(b)}");
            }
        }

        Compare("max_null_rate", old.MaxNullRate, @new.MaxNullRate, Rate);
        Compare("null_rate_action", old.NullRateAction, @new.NullRateAction, a => RowCodec.FormatCode(a));
        Compare("max_unseen_rate", old.MaxUnseenRate, @new.MaxUnseenRate, Rate);
        Compare("max_out_of_range_rate", old.MaxOutOfRangeRate, @new.MaxOutOfRangeRate, Rate);
        Compare("max_freshness_lag", old.MaxFreshnessLag, @new.MaxFreshnessLag, d => d is { } v ? RowCodec.FormatDuration(v) : None);
        Compare("max_parity_mismatch_rate", old.MaxParityMismatchRate, @new.MaxParityMismatchRate, r => Rate(r));
        Compare("drift_warn", old.Drift.Warn, @new.Drift.Warn, r => Rate(r));
        Compare("drift_fail", old.Drift.Fail, @new.Drift.Fail, r => Rate(r));
        return (string.Join(", ", before), string.Join(", ", after));
    }

    private static string Rate(double? rate) => rate is { } r ? Bound(r) : None;

    private static IEnumerable<string> Inputs(FeatureDefinition feature)
        => feature.Inputs.Select(i => i.AbsenceMeans is { } meaning ? $"{i.QualifiedName}(absent={RowCodec.FormatBoolean(meaning)})" : i.QualifiedName);

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    /// <summary>A range bound as the contract's JSON spells it: a number, or <c>-Infinity</c>/<c>Infinity</c>.</summary>
    private static string Bound(double value)
        => double.IsPositiveInfinity(value) ? "Infinity" : double.IsNegativeInfinity(value) ? "-Infinity" : RowCodec.FormatNumber(value);

    private static string Describe(NumericRange range) => $"[{Bound(range.Min)}, {Bound(range.Max)}] {RowCodec.FormatCode(range.Action)}";

    private static string Describe(UnseenCategoryPolicy policy)
        => policy.Action == UnseenAction.Reject ? "reject" : $"map_to_bucket {policy.Bucket}";

    private static string Describe(MissingPolicy policy) => policy.Rule switch
    {
        MissingRule.RejectRow => RowCodec.FormatCode(policy.Rule),
        MissingRule.MissingWithIndicator => $"{RowCodec.FormatCode(policy.Rule)} {policy.IndicatorName}",
        _ => $"{RowCodec.FormatCode(policy.Rule)} {policy.Value}",
    };

    private static string Describe(FeatureDefinition feature) => $"{RowCodec.FormatCode(feature.Kind)} from {feature.SourceName}";

    private static string Quote(string? text) => text is null ? None : $"\"{text}\"";
}
