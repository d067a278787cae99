using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using FeatureContracts.Contracts;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Rows;

/// <summary>
/// The one definition of how row values are written as text and read back, shared by every row writer and reader
/// (CSV, JSON Lines, Parquet rows, the serving log, the tool's row and score output, the training-data reader).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Numbers</b>: invariant culture, shortest round-trip form (<c>R</c>): <c>620</c>, <c>0.1</c>, <c>-0</c>,
/// <c>1E+20</c>, <c>5E-324</c>. Reading gives back the same bits. Only finite numbers are written or read: NaN and
/// infinities are refused, as is a decimal so large it would read as infinity.</item>
/// <item><b>Booleans</b>: <c>true</c> / <c>false</c> (JSON booleans in JSON).</item>
/// <item><b>Categories</b>: the code exactly as it is.</item>
/// <item><b>Missing indicators and labels</b>: <c>1</c> / <c>0</c> (JSON integers in JSON).</item>
/// <item><b>Missing</b>: <see langword="null"/> text: an empty unquoted CSV field, a JSON <c>null</c>, a Parquet
/// null. Never 0, NaN or an empty string.</item>
/// <item><b>Instants</b>: ISO-8601 in UTC with <c>Z</c>, fractional seconds only when present and at full precision
/// (up to nine digits, never rounded or truncated): <c>2026-05-01T09:00:00Z</c>,
/// <c>2026-05-12T00:01:18.948688928Z</c> (NodaTime's <see cref="InstantPattern.ExtendedIso"/>). Reading accepts
/// <c>Z</c> or an explicit offset (<c>2026-05-01T11:00:00+02:00</c>); a date-time without either names no instant
/// and is refused.</item>
/// <item><b>Durations</b>: ISO-8601 durations with hours as the largest unit: an optional <c>-</c>, then <c>PT</c>,
/// then the non-zero parts among hours (<c>H</c>), minutes (<c>M</c>, below 60) and seconds (<c>S</c>, below 60, with
/// up to nine fractional digits and no trailing zeros); zero is <c>PT0S</c>. Examples: <c>PT31H29M</c>,
/// <c>PT0.5S</c>, <c>-PT1H</c>, <c>PT1H0.000000001S</c>. Every duration has exactly one text, and reading accepts
/// only that text.</item>
/// <item><b>Codes</b> (enum members such as <see cref="RejectionCode"/>): snake_case, e.g.
/// <c>outcome_already_known</c>. <b>Flags</b> (such as <see cref="CellNotes"/>): the list of the snake_case names of
/// the flags set, in ascending order of their values, e.g. <c>["filled", "beyond_max_age"]</c>; no flag is the empty
/// list.</item>
/// </list>
/// Every <c>TryParse</c> method is strict and, on failure, gives a reason that quotes the text, e.g.
/// <c>'NaN' is not a finite number</c>; every <c>Parse</c> method throws a <see cref="FormatException"/> with it.
/// </remarks>
public static partial class RowCodec
{
    /// <summary>The text of a present boolean <see langword="true"/>.</summary>
    public const string True = "true";

    /// <summary>The text of a present boolean <see langword="false"/>.</summary>
    public const string False = "false";

    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
    private const long NanosecondsPerSecond = 1_000_000_000L;
    private const long NanosecondsPerMinute = 60 * NanosecondsPerSecond;
    private const long NanosecondsPerHour = 60 * NanosecondsPerMinute;
    private const int QuotedTextLimit = 100;
    private const string InstantExample = "2026-05-01T09:00:00Z";
    private const string DurationForm = "an ISO-8601 duration with hours as the largest unit, such as PT31H29M, PT0.5S, -PT1H or PT0S";
    private static readonly BigInteger MinDurationNanoseconds = Duration.MinValue.ToBigIntegerNanoseconds();
    private static readonly BigInteger MaxDurationNanoseconds = Duration.MaxValue.ToBigIntegerNanoseconds();

    // ---- feature values -------------------------------------------------------------------------------------

    /// <summary>The text of <paramref name="value"/>; <see langword="null"/> when it is missing.</summary>
    /// <exception cref="ArgumentException">The value is a number that is not finite.</exception>
    public static string? FormatValue(FeatureValue value)
    {
        if (value.IsMissing)
        {
            return null;
        }

        return value.Kind switch
        {
            FeatureKind.Numeric => FormatNumber(value.Number!.Value),
            FeatureKind.Categorical => value.Category!,
            _ => FormatBoolean(value.Boolean!.Value),
        };
    }

    /// <summary>Reads a value of <paramref name="kind"/> from <paramref name="text"/>; <see langword="null"/> text is missing.</summary>
    /// <param name="kind">The kind the value must have.</param>
    /// <param name="text">The text, or <see langword="null"/> for a missing value.</param>
    /// <param name="value">The value read.</param>
    /// <param name="error">Why the text is not a value of the kind, quoting it; <see langword="null"/> on success.</param>
    public static bool TryParseValue(FeatureKind kind, string? text, out FeatureValue value, out string? error)
    {
        if (text is null)
        {
            value = FeatureValue.Missing(kind);
            error = null;
            return true;
        }

        switch (kind)
        {
            case FeatureKind.Numeric:
                bool isNumber = TryParseNumber(text, out double number, out error);
                value = isNumber ? FeatureValue.Numeric(number) : default;
                return isNumber;
            case FeatureKind.Categorical:
                value = FeatureValue.Categorical(text);
                error = null;
                return true;
            case FeatureKind.Boolean:
                bool isBoolean = TryParseBoolean(text, out bool flag, out error);
                value = isBoolean ? FeatureValue.Bool(flag) : default;
                return isBoolean;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feature kind.");
        }
    }

    /// <summary>Reads a value of <paramref name="kind"/> from <paramref name="text"/>; <see langword="null"/> text is missing.</summary>
    /// <exception cref="FormatException">The text is not a value of the kind; the message quotes it.</exception>
    public static FeatureValue ParseValue(FeatureKind kind, string? text)
        => TryParseValue(kind, text, out FeatureValue value, out string? error) ? value : throw new FormatException(error);

    // ---- numbers ----------------------------------------------------------------------------------------------

    /// <summary>The text of a finite number: invariant, shortest round-trip form.</summary>
    /// <exception cref="ArgumentException">The number is NaN or infinite.</exception>
    public static string FormatNumber(double value)
    {
        RequireFinite(value);
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes the text of a finite number (as <see cref="FormatNumber"/>) into <paramref name="destination"/>
    /// without allocating; 32 characters always suffice.
    /// </summary>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too short.</returns>
    /// <exception cref="ArgumentException">The number is NaN or infinite.</exception>
    public static bool TryFormatNumber(double value, Span<char> destination, out int charsWritten)
    {
        RequireFinite(value);
        return value.TryFormat(destination, out charsWritten, "R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Reads a finite number written in invariant decimal notation (an optional sign, digits with an optional
    /// decimal point, an optional exponent; no spaces, no thousands separators). The number read is the one
    /// nearest the decimal, so a number written by <see cref="FormatNumber"/> reads back bit for bit.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The number read.</param>
    /// <param name="error">Why the text is not a finite number, quoting it; <see langword="null"/> on success.</param>
    public static bool TryParseNumber(string text, out double value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);

        // NaN and infinity symbols are accepted by double.TryParse whatever the styles, and a decimal beyond the
        // range of double reads as infinity: both are refused here.
        if (double.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
        {
            error = null;
            return true;
        }

        value = 0;
        error = $"{Quote(text)} is not a finite number";
        return false;
    }

    /// <summary>Reads a finite number (see <see cref="TryParseNumber"/>).</summary>
    /// <exception cref="FormatException">The text is not a finite number; the message quotes it.</exception>
    public static double ParseNumber(string text)
        => TryParseNumber(text, out double value, out string? error) ? value : throw new FormatException(error);

    // ---- booleans and 0/1 -------------------------------------------------------------------------------------

    /// <summary>The text of a boolean: <c>true</c> or <c>false</c>.</summary>
    public static string FormatBoolean(bool value) => value ? True : False;

    /// <summary>Reads <c>true</c> or <c>false</c> (exactly, lower case).</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The boolean read.</param>
    /// <param name="error">Why the text is not a boolean, quoting it; <see langword="null"/> on success.</param>
    public static bool TryParseBoolean(string text, out bool value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text)
        {
            case True:
                value = true;
                error = null;
                return true;
            case False:
                value = false;
                error = null;
                return true;
            default:
                value = false;
                error = $"{Quote(text)} is not a boolean (true or false)";
                return false;
        }
    }

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    /// <exception cref="FormatException">The text is not a boolean; the message quotes it.</exception>
    public static bool ParseBoolean(string text)
        => TryParseBoolean(text, out bool value, out string? error) ? value : throw new FormatException(error);

    /// <summary>The text of a missing indicator or a label: <c>1</c> when set, else <c>0</c>.</summary>
    public static string FormatBit(bool value) => value ? "1" : "0";

    /// <summary>Reads a missing indicator or a label: exactly <c>0</c> or <c>1</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">Whether it is <c>1</c>.</param>
    /// <param name="error">Why the text is not 0 or 1, quoting it; <see langword="null"/> on success.</param>
    public static bool TryParseBit(string text, out bool value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text)
        {
            case "1":
                value = true;
                error = null;
                return true;
            case "0":
                value = false;
                error = null;
                return true;
            default:
                value = false;
                error = $"{Quote(text)} is not 0 or 1";
                return false;
        }
    }

    /// <summary>Reads a missing indicator or a label: exactly <c>0</c> or <c>1</c>.</summary>
    /// <exception cref="FormatException">The text is not 0 or 1; the message quotes it.</exception>
    public static bool ParseBit(string text)
        => TryParseBit(text, out bool value, out string? error) ? value : throw new FormatException(error);

    // ---- instants ---------------------------------------------------------------------------------------------

    /// <summary>
    /// The text of an instant: ISO-8601 UTC with <c>Z</c>, fractional seconds only when present and then every
    /// significant digit down to the nanosecond, e.g. <c>2026-05-01T09:00:00Z</c>, <c>2026-05-01T09:00:00.125Z</c>.
    /// </summary>
    public static string FormatInstant(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>
    /// Reads an ISO-8601 instant with <c>Z</c> or an explicit offset and up to nine fractional digits, e.g.
    /// <c>2026-05-01T09:00:00Z</c> or <c>2026-05-01T11:00:00.5+02:00</c>. A date-time without <c>Z</c> or an
    /// offset names no instant and is refused.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="instant">The instant read.</param>
    /// <param name="error">Why the text is not an instant, quoting it; <see langword="null"/> on success.</param>
    public static bool TryParseInstant(string text, out Instant instant, out string? error)
    {
        error = ReadInstant(text, out instant) switch
        {
            InstantTextStatus.Valid => null,
            InstantTextStatus.WithoutOffset => $"{Quote(text)} has no Z or offset, so it names no instant; write an ISO-8601 instant such as {InstantExample}",
            InstantTextStatus.OutOfRange => $"{Quote(text)} is outside the range of instants that can be represented",
            _ => $"{Quote(text)} is not an ISO-8601 instant with Z or an offset, such as {InstantExample}",
        };
        return error is null;
    }

    /// <summary>
    /// Reads <paramref name="text"/> as an instant and says how it read: the one rule for instant text of every input
    /// (event logs, points, training files, arguments). ISO-8601 with <c>Z</c> or an explicit offset, as NodaTime's
    /// <see cref="OffsetDateTimePattern.ExtendedIso"/> defines it; a local date-time names no instant.
    /// </summary>
    public static InstantTextStatus ReadInstant(string text, out Instant instant)
    {
        ArgumentNullException.ThrowIfNull(text);
        instant = default;

        // The canonical form first: it is what every row writer writes.
        ParseResult<Instant> utc = InstantPattern.ExtendedIso.Parse(text);
        if (utc.Success)
        {
            instant = utc.Value;
            return InstantTextStatus.Valid;
        }

        ParseResult<OffsetDateTime> parsed = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (!parsed.Success)
        {
            return LocalDateTimePattern.ExtendedIso.Parse(text).Success ? InstantTextStatus.WithoutOffset : InstantTextStatus.Invalid;
        }

        try
        {
            instant = parsed.Value.ToInstant();
            return InstantTextStatus.Valid;
        }
        catch (OverflowException)
        {
            return InstantTextStatus.OutOfRange;
        }
    }

    /// <summary>Reads an ISO-8601 instant with <c>Z</c> or an explicit offset (see <see cref="TryParseInstant"/>).</summary>
    /// <exception cref="FormatException">The text is not an instant; the message quotes it.</exception>
    public static Instant ParseInstant(string text)
        => TryParseInstant(text, out Instant instant, out string? error) ? instant : throw new FormatException(error);

    // ---- durations --------------------------------------------------------------------------------------------

    /// <summary>
    /// The text of a duration: ISO-8601 with hours as the largest unit, e.g. <c>PT31H29M</c>, <c>PT0.5S</c>,
    /// <c>-PT1H</c>, <c>PT0S</c> (see <see cref="RowCodec"/>).
    /// </summary>
    public static string FormatDuration(Duration duration)
    {
        if (duration == Duration.Zero)
        {
            return "PT0S";
        }

        // NodaTime splits a duration into whole days and the nanoseconds within the day, both truncated towards
        // zero (so both negative for a negative duration): their magnitudes need no integer wider than a long, even
        // at the extremes.
        bool negative = duration < Duration.Zero;
        long days = Math.Abs((long)duration.Days);
        long nanosecondOfDay = Math.Abs(duration.NanosecondOfDay);
        long hours = (days * 24) + (nanosecondOfDay / NanosecondsPerHour);
        long minutes = nanosecondOfDay % NanosecondsPerHour / NanosecondsPerMinute;
        long seconds = nanosecondOfDay % NanosecondsPerMinute / NanosecondsPerSecond;
        long fraction = nanosecondOfDay % NanosecondsPerSecond;

        var text = new StringBuilder(24);
        text.Append(negative ? "-PT" : "PT");
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('H');
        }

        if (minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
        }

        if (seconds > 0 || fraction > 0)
        {
            text.Append(seconds.ToString(CultureInfo.InvariantCulture));
            if (fraction > 0)
            {
                text.Append('.').Append(fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
            }

            text.Append('S');
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads a duration in the one form <see cref="FormatDuration"/> writes (ISO-8601, hours as the largest unit,
    /// minutes and seconds below 60, no zero parts, no trailing zeros, <c>PT0S</c> for zero).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration read.</param>
    /// <param name="error">
    /// Why the text is not such a duration, quoting it (and, for a duration written another way, its one form);
    /// <see langword="null"/> on success.
    /// </param>
    public static bool TryParseDuration(string text, out Duration duration, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        if (!TryReadDuration(text, out Duration read, out string? problem))
        {
            error = $"{Quote(text)} is not {DurationForm}" + (problem is null ? string.Empty : $" ({problem})");
            return false;
        }

        string canonical = FormatDuration(read);
        if (!string.Equals(canonical, text, StringComparison.Ordinal))
        {
            error = $"{Quote(text)} is not written in the one form of durations; write {canonical}";
            return false;
        }

        duration = read;
        error = null;
        return true;
    }

    /// <summary>Reads a duration in the one form <see cref="FormatDuration"/> writes.</summary>
    /// <exception cref="FormatException">The text is not such a duration; the message quotes it.</exception>
    public static Duration ParseDuration(string text)
        => TryParseDuration(text, out Duration duration, out string? error) ? duration : throw new FormatException(error);

    // ---- codes and flags --------------------------------------------------------------------------------------

    /// <summary>The snake_case text of a code, e.g. <see cref="RejectionCode.OutcomeAlreadyKnown"/> as <c>outcome_already_known</c>.</summary>
    /// <typeparam name="TEnum">The code's enum.</typeparam>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a declared member (for flags, use <see cref="FormatFlags"/>).</exception>
    public static string FormatCode<TEnum>(TEnum code)
        where TEnum : struct, Enum
        => Codes<TEnum>.NameOf(code)
            ?? throw new ArgumentOutOfRangeException(nameof(code), code, $"{Codes<TEnum>.Describe(code)} is not a member of {typeof(TEnum).Name}.");

    /// <summary>Reads a code from its snake_case text (exactly as <see cref="FormatCode"/> writes it).</summary>
    /// <param name="text">The text.</param>
    /// <param name="code">The code read.</param>
    /// <param name="error">Why the text is not a code, quoting it and listing every code; <see langword="null"/> on success.</param>
    public static bool TryParseCode<TEnum>(string text, out TEnum code, out string? error)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Codes<TEnum>.TryParse(text, out code))
        {
            error = null;
            return true;
        }

        error = $"{Quote(text)} is not a known code; expected {Codes<TEnum>.Allowed}";
        return false;
    }

    /// <summary>Reads a code from its snake_case text.</summary>
    /// <exception cref="FormatException">The text is not a code; the message quotes it.</exception>
    public static TEnum ParseCode<TEnum>(string text)
        where TEnum : struct, Enum
        => TryParseCode(text, out TEnum code, out string? error) ? code : throw new FormatException(error);

    /// <summary>
    /// The snake_case names of the flags set in <paramref name="flags"/>, in ascending order of their values, e.g.
    /// <see cref="CellNotes.Filled"/> | <see cref="CellNotes.BeyondMaxAge"/> as <c>filled</c>, <c>beyond_max_age</c>;
    /// empty when no flag is set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A bit is set that no single-flag member names.</exception>
    public static ImmutableArray<string> FormatFlags<TEnum>(TEnum flags)
        where TEnum : struct, Enum
        => Codes<TEnum>.FlagNames(flags)
            ?? throw new ArgumentOutOfRangeException(nameof(flags), flags, $"{Codes<TEnum>.Describe(flags)} sets a bit that no single flag of {typeof(TEnum).Name} names.");

    /// <summary>Reads flags from the snake_case names of the flags set (in any order; the empty list is no flag).</summary>
    /// <param name="names">The names.</param>
    /// <param name="flags">The flags read.</param>
    /// <param name="error">Why the names are not flags, quoting the first bad one; <see langword="null"/> on success.</param>
    public static bool TryParseFlags<TEnum>(IEnumerable<string> names, out TEnum flags, out string? error)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(names);
        ulong bits = 0;
        foreach (string name in names)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(names));
            if (!Codes<TEnum>.TryParseFlag(name, out ulong flag))
            {
                flags = default;
                error = $"{Quote(name)} is not a flag; expected {Codes<TEnum>.AllowedFlags} (no flag is the empty list)";
                return false;
            }

            if ((bits & flag) != 0)
            {
                flags = default;
                error = $"{Quote(name)} appears twice";
                return false;
            }

            bits |= flag;
        }

        flags = Codes<TEnum>.FromBits(bits);
        error = null;
        return true;
    }

    /// <summary>Reads flags from the snake_case names of the flags set.</summary>
    /// <exception cref="FormatException">A name is not a flag or appears twice; the message quotes it.</exception>
    public static TEnum ParseFlags<TEnum>(IEnumerable<string> names)
        where TEnum : struct, Enum
        => TryParseFlags(names, out TEnum flags, out string? error) ? flags : throw new FormatException(error);

    // ---- shared -----------------------------------------------------------------------------------------------

    /// <summary><paramref name="text"/> in single quotes for a reason, shortened when very long.</summary>
    internal static string Quote(string text)
        => text.Length <= QuotedTextLimit ? $"'{text}'" : $"'{text[..QuotedTextLimit]}…' ({text.Length.ToString(CultureInfo.InvariantCulture)} characters)";

    private static void RequireFinite(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException(
                $"{value.ToString("R", CultureInfo.InvariantCulture)} is not a finite number; a row holds finite numbers or missing, never NaN or infinity.",
                nameof(value));
        }
    }

    /// <summary>Reads the duration grammar, allowing any part values; the caller checks the text is the one form.</summary>
    private static bool TryReadDuration(string text, out Duration duration, out string? problem)
    {
        duration = default;
        problem = null;
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] == '-')
        {
            negative = true;
            i++;
        }

        if (text.Length - i < 2 || text[i] != 'P' || text[i + 1] != 'T')
        {
            problem = text.Length - i >= 2 && text[i] == 'P' && char.IsAsciiDigit(text[i + 1]) ? "hours are the largest unit: no days, weeks, months or years" : null;
            return false;
        }

        i += 2;
        if (i == text.Length)
        {
            return false;
        }

        // Hours, minutes, seconds: each at most once, in that order.
        long hours = 0;
        long minutes = 0;
        long seconds = 0;
        long fraction = 0;
        int order = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            int digits = i - start;
            if (digits == 0)
            {
                return false;
            }

            if (digits > 12)
            {
                problem = "a part has more digits than any duration needs";
                return false;
            }

            long whole = long.Parse(text.AsSpan(start, digits), NumberStyles.None, CultureInfo.InvariantCulture);
            long nanos = 0;
            if (i < text.Length && text[i] == '.')
            {
                int fractionStart = ++i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                int fractionDigits = i - fractionStart;
                if (fractionDigits is 0 or > 9)
                {
                    problem = "fractional seconds have one to nine digits";
                    return false;
                }

                nanos = long.Parse(text.AsSpan(fractionStart, fractionDigits), NumberStyles.None, CultureInfo.InvariantCulture);
                for (int d = fractionDigits; d < 9; d++)
                {
                    nanos *= 10;
                }

                if (i >= text.Length || text[i] != 'S')
                {
                    problem = "only seconds may have a fraction";
                    return false;
                }
            }

            if (i >= text.Length)
            {
                return false;
            }

            int unit = text[i] switch
            {
                'H' => 1,
                'M' => 2,
                'S' => 3,
                _ => 0,
            };
            if (unit == 0)
            {
                problem = null;
                return false;
            }

            if (unit <= order)
            {
                problem = "hours, minutes and seconds appear at most once, in that order";
                return false;
            }

            order = unit;
            switch (unit)
            {
                case 1:
                    hours = whole;
                    break;
                case 2:
                    minutes = whole;
                    break;
                default:
                    seconds = whole;
                    fraction = nanos;
                    break;
            }

            i++;
        }

        var nanoseconds = (new BigInteger(hours) * NanosecondsPerHour)
            + (new BigInteger(minutes) * NanosecondsPerMinute)
            + (new BigInteger(seconds) * NanosecondsPerSecond)
            + fraction;
        if (negative)
        {
            nanoseconds = -nanoseconds;
        }

        if (nanoseconds < MinDurationNanoseconds || nanoseconds > MaxDurationNanoseconds)
        {
            problem = "it is outside the range of durations that can be represented";
            return false;
        }

        duration = Duration.FromNanoseconds(nanoseconds);
        return true;
    }

    /// <summary>The snake_case names of one enum's members, built once.</summary>
    private static class Codes<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly Dictionary<string, TEnum> ByName = new(StringComparer.Ordinal);
        private static readonly Dictionary<ulong, string> NameByBits = [];
        private static readonly (ulong Bit, string Name)[] Flags;

        static Codes()
        {
            var flags = new List<(ulong Bit, string Name)>();
            var names = new List<string>();
            foreach (TEnum value in Enum.GetValues<TEnum>())
            {
                string name = JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
                ulong bits = Bits(value);
                if (NameByBits.TryAdd(bits, name))
                {
                    ByName.Add(name, value);
                    names.Add(name);
                    if (bits != 0 && (bits & (bits - 1)) == 0)
                    {
                        flags.Add((bits, name));
                    }
                }
            }

            flags.Sort((a, b) => a.Bit.CompareTo(b.Bit));
            Flags = [.. flags];
            Allowed = string.Join(", ", names);
            AllowedFlags = string.Join(", ", Array.ConvertAll(Flags, f => f.Name));
        }

        public static string Allowed { get; }

        public static string AllowedFlags { get; }

        public static string? NameOf(TEnum value) => NameByBits.GetValueOrDefault(Bits(value));

        public static bool TryParse(string text, out TEnum value) => ByName.TryGetValue(text, out value);

        public static bool TryParseFlag(string text, out ulong bit)
        {
            foreach ((ulong flag, string name) in Flags)
            {
                if (string.Equals(name, text, StringComparison.Ordinal))
                {
                    bit = flag;
                    return true;
                }
            }

            bit = 0;
            return false;
        }

        public static ImmutableArray<string>? FlagNames(TEnum value)
        {
            ulong bits = Bits(value);
            var names = ImmutableArray.CreateBuilder<string>();
            foreach ((ulong flag, string name) in Flags)
            {
                if ((bits & flag) != 0)
                {
                    names.Add(name);
                    bits &= ~flag;
                }
            }

            return bits == 0 ? names.ToImmutable() : null;
        }

        public static string Describe(TEnum value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

        public static TEnum FromBits(ulong bits)
        {
            TEnum value = default;
            switch (Unsafe.SizeOf<TEnum>())
            {
                case 1:
                    Unsafe.As<TEnum, byte>(ref value) = unchecked((byte)bits);
                    break;
                case 2:
                    Unsafe.As<TEnum, ushort>(ref value) = unchecked((ushort)bits);
                    break;
                case 4:
                    Unsafe.As<TEnum, uint>(ref value) = unchecked((uint)bits);
                    break;
                default:
                    Unsafe.As<TEnum, ulong>(ref value) = bits;
                    break;
            }

            return value;
        }

        private static ulong Bits(TEnum value) => Unsafe.SizeOf<TEnum>() switch
        {
            1 => Unsafe.As<TEnum, byte>(ref value),
            2 => Unsafe.As<TEnum, ushort>(ref value),
            4 => Unsafe.As<TEnum, uint>(ref value),
            _ => Unsafe.As<TEnum, ulong>(ref value),
        };
    }
}

/// <summary>How a text reads as an instant (see <see cref="RowCodec.ReadInstant"/>).</summary>
public enum InstantTextStatus
{
    /// <summary>An instant.</summary>
    Valid,

    /// <summary>A date and time without <c>Z</c> or an offset: it names no instant.</summary>
    WithoutOffset,

    /// <summary>Not an ISO-8601 date and time.</summary>
    Invalid,

    /// <summary>An instant outside the range NodaTime represents.</summary>
    OutOfRange,
}
