using System.Globalization;

namespace FeatureContracts.Contracts;

/// <summary>What a feature does when no value is known at the prediction instant.</summary>
public enum MissingRule
{
    /// <summary>The whole row is rejected.</summary>
    RejectRow,

    /// <summary>The declared fill value is used (for example "no scan yet counts as 168 hours").</summary>
    Fill,

    /// <summary>The value stays missing and an indicator column says so; never zero-filled.</summary>
    MissingWithIndicator,

    /// <summary>
    /// The declared default is used only where the source declares that the field's absence means that value;
    /// any other missing value rejects the row.
    /// </summary>
    DefaultWhereSourceDeclaresAbsence,
}

/// <summary>A feature's missing-value rule.</summary>
/// <param name="Rule">What happens when the value is missing.</param>
/// <param name="Value">The fill or default value, for <see cref="MissingRule.Fill"/> and <see cref="MissingRule.DefaultWhereSourceDeclaresAbsence"/>.</param>
/// <param name="IndicatorName">The indicator column's name, for <see cref="MissingRule.MissingWithIndicator"/>.</param>
public sealed record MissingPolicy(MissingRule Rule, FeatureValue? Value = null, string? IndicatorName = null);

/// <summary>What a numeric feature does with a value outside its allowed range.</summary>
public enum OutOfRangeAction
{
    /// <summary>The row is rejected.</summary>
    Reject,

    /// <summary>The value is clamped to the nearest bound.</summary>
    Clamp,
}

/// <summary>The allowed range of a numeric feature, bounds inclusive, and what happens outside it.</summary>
/// <param name="Min">The smallest allowed value; may be negative infinity for no lower bound.</param>
/// <param name="Max">The largest allowed value; may be positive infinity for no upper bound.</param>
/// <param name="Action">Reject or clamp a value outside the range.</param>
public sealed record NumericRange(double Min, double Max, OutOfRangeAction Action)
{
    /// <summary>Whether <paramref name="value"/> lies within the range, bounds included.</summary>
    public bool Contains(double value) => value >= Min && value <= Max;

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"[{Min:R}, {Max:R}] {Action}");
}

/// <summary>What a categorical feature does with a code outside its pinned vocabulary.</summary>
public enum UnseenAction
{
    /// <summary>The code maps to a named bucket (such as <c>other</c>) and is counted.</summary>
    MapToBucket,

    /// <summary>The row is rejected.</summary>
    Reject,
}

/// <summary>A categorical feature's policy for codes outside its vocabulary.</summary>
/// <param name="Action">Map or reject.</param>
/// <param name="Bucket">The bucket unseen codes map to, for <see cref="UnseenAction.MapToBucket"/>.</param>
public sealed record UnseenCategoryPolicy(UnseenAction Action, string? Bucket);
