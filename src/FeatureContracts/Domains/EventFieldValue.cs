using System;
using System.Globalization;
using NodaTime;

namespace FeatureContracts.Domains;

/// <summary>The type of an event field's value.</summary>
public enum EventFieldType
{
    /// <summary>A non-blank string.</summary>
    Text,

    /// <summary>A finite number.</summary>
    Number,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>An ISO-8601 calendar date (<c>yyyy-MM-dd</c>).</summary>
    Date,

    /// <summary>An IANA time zone id.</summary>
    TimeZone,
}

/// <summary>What an event field's absence and a null mean.</summary>
public enum FieldPresence
{
    /// <summary>The field must be there with a value: absent is a missing field, null an invalid value.</summary>
    Required,

    /// <summary>The field must be there, but may be null (meaning none): absent is a missing field.</summary>
    Nullable,

    /// <summary>The field may be absent or null; both mean none.</summary>
    Optional,
}

/// <summary>
/// One validated value of an event field, or none. Text is never blank and numbers are always finite: readers
/// check that before a value is made, so an event is never created from an unusable value.
/// </summary>
public readonly struct EventFieldValue : IEquatable<EventFieldValue>
{
    private readonly object? _reference;
    private readonly double _number;
    private readonly LocalDate _date;

    private EventFieldValue(EventFieldType type, bool hasValue, object? reference, double number, LocalDate date)
    {
        Type = type;
        HasValue = hasValue;
        _reference = reference;
        _number = number;
        _date = date;
    }

    /// <summary>The value's type.</summary>
    public EventFieldType Type { get; }

    /// <summary>Whether there is a value; <see langword="false"/> for none.</summary>
    public bool HasValue { get; }

    /// <summary>The text, for a text value; otherwise <see langword="null"/>.</summary>
    public string? Text => Type == EventFieldType.Text && HasValue ? (string)_reference! : null;

    /// <summary>The number, for a number value; otherwise <see langword="null"/>.</summary>
    public double? Number => Type == EventFieldType.Number && HasValue ? _number : null;

    /// <summary>The flag, for a boolean value; otherwise <see langword="null"/>.</summary>
    public bool? Boolean => Type == EventFieldType.Boolean && HasValue ? _number != 0 : null;

    /// <summary>The date, for a date value; otherwise <see langword="null"/>.</summary>
    public LocalDate? Date => Type == EventFieldType.Date && HasValue ? _date : null;

    /// <summary>The zone, for a time zone value; otherwise <see langword="null"/>.</summary>
    public DateTimeZone? Zone => Type == EventFieldType.TimeZone && HasValue ? (DateTimeZone)_reference! : null;

    /// <summary>No value of the given type.</summary>
    public static EventFieldValue None(EventFieldType type) => new(type, false, null, 0, default);

    /// <summary>A text value, or none for <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The text is empty or whitespace.</exception>
    public static EventFieldValue OfText(string? text)
    {
        if (text is null)
        {
            return None(EventFieldType.Text);
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return new(EventFieldType.Text, true, text, 0, default);
    }

    /// <summary>A number value, or none for <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The number is NaN or infinite.</exception>
    public static EventFieldValue OfNumber(double? number)
    {
        if (number is not { } x)
        {
            return None(EventFieldType.Number);
        }

        if (!double.IsFinite(x))
        {
            throw new ArgumentException($"An event field holds finite numbers only, not {x.ToString(CultureInfo.InvariantCulture)}.", nameof(number));
        }

        return new(EventFieldType.Number, true, null, x, default);
    }

    /// <summary>A boolean value, or none for <see langword="null"/>.</summary>
    public static EventFieldValue OfBoolean(bool? flag)
        => flag is { } f ? new(EventFieldType.Boolean, true, null, f ? 1 : 0, default) : None(EventFieldType.Boolean);

    /// <summary>A date value, or none for <see langword="null"/>.</summary>
    public static EventFieldValue OfDate(LocalDate? date)
        => date is { } d ? new(EventFieldType.Date, true, null, 0, d) : None(EventFieldType.Date);

    /// <summary>A time zone value, or none for <see langword="null"/>.</summary>
    public static EventFieldValue OfZone(DateTimeZone? zone)
        => zone is not null ? new(EventFieldType.TimeZone, true, zone, 0, default) : None(EventFieldType.TimeZone);

    /// <inheritdoc />
    public bool Equals(EventFieldValue other)
        => Type == other.Type
            && HasValue == other.HasValue
            && Equals(_reference, other._reference)
            && BitConverter.DoubleToInt64Bits(_number) == BitConverter.DoubleToInt64Bits(other._number)
            && _date == other._date;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EventFieldValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, HasValue, _reference, _number, _date);

    /// <summary>The value in invariant form (<c>none</c> when there is none).</summary>
    public override string ToString()
    {
        if (!HasValue)
        {
            return "none";
        }

        return Type switch
        {
            EventFieldType.Text => Text!,
            EventFieldType.Number => _number.ToString("R", CultureInfo.InvariantCulture),
            EventFieldType.Boolean => _number != 0 ? "true" : "false",
            EventFieldType.Date => _date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => Zone!.Id,
        };
    }

    /// <summary>Equality operator.</summary>
    public static bool operator ==(EventFieldValue left, EventFieldValue right) => left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(EventFieldValue left, EventFieldValue right) => !left.Equals(right);
}
