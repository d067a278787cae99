using System;
using System.Globalization;

namespace FeatureContracts.Contracts;

/// <summary>
/// One typed feature value, or its absence. Missing is a state of its own: it is never zero, never NaN and
/// never an empty string.
/// </summary>
public readonly struct FeatureValue : IEquatable<FeatureValue>
{
    private readonly double _number;
    private readonly string? _category;
    private readonly bool _flag;

    private FeatureValue(FeatureKind kind, bool isMissing, double number, string? category, bool flag)
    {
        Kind = kind;
        IsMissing = isMissing;
        _number = number;
        _category = category;
        _flag = flag;
    }

    /// <summary>The value's kind.</summary>
    public FeatureKind Kind { get; }

    /// <summary>Whether the value is missing.</summary>
    public bool IsMissing { get; }

    /// <summary>The number, for a present numeric value; otherwise <see langword="null"/>.</summary>
    public double? Number => Kind == FeatureKind.Numeric && !IsMissing ? _number : null;

    /// <summary>The category code, for a present categorical value; otherwise <see langword="null"/>.</summary>
    public string? Category => Kind == FeatureKind.Categorical && !IsMissing ? _category : null;

    /// <summary>The flag, for a present boolean value; otherwise <see langword="null"/>.</summary>
    public bool? Boolean => Kind == FeatureKind.Boolean && !IsMissing ? _flag : null;

    /// <summary>A present numeric value.</summary>
    public static FeatureValue Numeric(double value) => new(FeatureKind.Numeric, false, value, null, false);

    /// <summary>A present categorical value.</summary>
    public static FeatureValue Categorical(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(FeatureKind.Categorical, false, 0, value, false);
    }

    /// <summary>A present boolean value.</summary>
    public static FeatureValue Bool(bool value) => new(FeatureKind.Boolean, false, 0, null, value);

    /// <summary>A missing value of the given kind.</summary>
    public static FeatureValue Missing(FeatureKind kind) => new(kind, true, 0, null, false);

    /// <summary>Equality is exact: numbers compare bit for bit.</summary>
    public bool Equals(FeatureValue other)
        => Kind == other.Kind
            && IsMissing == other.IsMissing
            && BitConverter.DoubleToInt64Bits(_number) == BitConverter.DoubleToInt64Bits(other._number)
            && string.Equals(_category, other._category, StringComparison.Ordinal)
            && _flag == other._flag;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FeatureValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, IsMissing, _number, _category, _flag);

    /// <summary>The value in invariant, round-trippable form; <c>missing</c> when missing.</summary>
    public override string ToString()
    {
        if (IsMissing)
        {
            return "missing";
        }

        return Kind switch
        {
            FeatureKind.Numeric => _number.ToString("R", CultureInfo.InvariantCulture),
            FeatureKind.Categorical => _category!,
            _ => _flag ? "true" : "false",
        };
    }

    /// <summary>Equality operator.</summary>
    public static bool operator ==(FeatureValue left, FeatureValue right) => left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(FeatureValue left, FeatureValue right) => !left.Equals(right);
}
