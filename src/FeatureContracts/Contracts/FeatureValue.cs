using System;
using System.Globalization;

namespace FeatureContracts.Contracts;

/// <summary>
/// One typed feature value, or its absence. Missing is a state of its own: it is never zero, never NaN and
/// never an empty string.
/// </summary>
/// <remarks>
/// Values are made only by <see cref="Numeric"/>, <see cref="Categorical"/>, <see cref="Bool"/> and
/// <see cref="Missing"/>. <c>default(FeatureValue)</c> (an unfilled array slot, a forgotten assignment) is none of
/// them: it is not a numeric 0 and not missing. <see cref="IsDefault"/> tells it apart; <see cref="Kind"/>,
/// <see cref="IsMissing"/>, <see cref="Number"/>, <see cref="Category"/> and <see cref="Boolean"/> refuse it with an
/// <see cref="InvalidOperationException"/>, so no consumer can read a value out of it; rows and vectors refuse it too.
/// It equals only itself and prints as <c>default(FeatureValue)</c>.
/// </remarks>
public readonly struct FeatureValue : IEquatable<FeatureValue>
{
    private const string DefaultText = "default(FeatureValue)";

    private readonly double _number;
    private readonly string? _category;
    private readonly bool _flag;
    private readonly FeatureKind _kind;

    // Zero (the default struct) is no state at all; every factory sets Present or Missing.
    private readonly ValueState _state;

    private FeatureValue(FeatureKind kind, ValueState state, double number, string? category, bool flag)
    {
        _kind = kind;
        _state = state;
        _number = number;
        _category = category;
        _flag = flag;
    }

    private enum ValueState : byte
    {
        Default = 0,
        Present,
        Missing,
    }

    /// <summary>The value's kind.</summary>
    /// <exception cref="InvalidOperationException">The value is <c>default(FeatureValue)</c>.</exception>
    public FeatureKind Kind => _state != ValueState.Default ? _kind : throw NotAValue();

    /// <summary>Whether the value is missing.</summary>
    /// <exception cref="InvalidOperationException">The value is <c>default(FeatureValue)</c>, which is neither present nor missing.</exception>
    public bool IsMissing => _state != ValueState.Default ? _state == ValueState.Missing : throw NotAValue();

    /// <summary>
    /// Whether this is <c>default(FeatureValue)</c>, made by no factory: neither a value nor a missing value of any
    /// kind. Every member but this one, equality and <see cref="ToString"/> refuses it.
    /// </summary>
    public bool IsDefault => _state == ValueState.Default;

    /// <summary>The number, for a present numeric value; otherwise <see langword="null"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is <c>default(FeatureValue)</c>.</exception>
    public double? Number => Kind == FeatureKind.Numeric && _state == ValueState.Present ? _number : null;

    /// <summary>The category code, for a present categorical value; otherwise <see langword="null"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is <c>default(FeatureValue)</c>.</exception>
    public string? Category => Kind == FeatureKind.Categorical && _state == ValueState.Present ? _category : null;

    /// <summary>The flag, for a present boolean value; otherwise <see langword="null"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is <c>default(FeatureValue)</c>.</exception>
    public bool? Boolean => Kind == FeatureKind.Boolean && _state == ValueState.Present ? _flag : null;

    /// <summary>A present numeric value.</summary>
    public static FeatureValue Numeric(double value) => new(FeatureKind.Numeric, ValueState.Present, value, null, false);

    /// <summary>A present categorical value.</summary>
    public static FeatureValue Categorical(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(FeatureKind.Categorical, ValueState.Present, 0, value, false);
    }

    /// <summary>A present boolean value.</summary>
    public static FeatureValue Bool(bool value) => new(FeatureKind.Boolean, ValueState.Present, 0, null, value);

    /// <summary>A missing value of the given kind.</summary>
    public static FeatureValue Missing(FeatureKind kind) => new(kind, ValueState.Missing, 0, null, false);

    /// <summary>Equality is exact: numbers compare bit for bit; <c>default(FeatureValue)</c> equals only itself.</summary>
    public bool Equals(FeatureValue other)
        => _kind == other._kind
            && _state == other._state
            && BitConverter.DoubleToInt64Bits(_number) == BitConverter.DoubleToInt64Bits(other._number)
            && string.Equals(_category, other._category, StringComparison.Ordinal)
            && _flag == other._flag;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FeatureValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_kind, _state, _number, _category, _flag);

    /// <summary>
    /// The value in invariant, round-trippable form; <c>missing</c> when missing; <c>default(FeatureValue)</c> for
    /// the default, which is no value.
    /// </summary>
    public override string ToString()
    {
        switch (_state)
        {
            case ValueState.Default:
                return DefaultText;
            case ValueState.Missing:
                return "missing";
        }

        return _kind switch
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

    private static InvalidOperationException NotAValue()
        => new($"{DefaultText} is not a feature value (not 0, not missing): make values with FeatureValue.Numeric, Categorical, Bool or Missing.");
}
