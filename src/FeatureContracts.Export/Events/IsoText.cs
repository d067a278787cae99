using System;
using FeatureContracts.Rows;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Export.Events;

/// <summary>The outcome of reading a timestamp.</summary>
/// <summary>
/// ISO-8601 timestamps and dates as the event log writes them. NodaTime's
/// <see cref="OffsetDateTimePattern.ExtendedIso"/> and <see cref="LocalDatePattern.Iso"/> are the definition; a
/// byte-level fast path accepts only the canonical shapes (<c>2026-05-01T09:00:00Z</c>,
/// <c>2026-05-01T11:00:00.125+02:00</c>, <c>2026-05-01</c>) with every part in range, and hands anything else
/// to NodaTime, so both always agree.
/// </summary>
internal static class IsoText
{
    private static readonly long[] FractionScale = [0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    /// <summary>Reads an instant by the row codec's rule, the one rule for instant text (<see cref="RowCodec.ReadInstant"/>).</summary>
    public static InstantTextStatus ParseInstant(string text, out Instant instant) => RowCodec.ReadInstant(text, out instant);

    /// <summary>Parses the canonical timestamp shapes without allocating.</summary>
    /// <returns><see langword="false"/> when the text is not canonical; then NodaTime decides.</returns>
    public static bool TryParseInstantFast(ReadOnlySpan<byte> s, out Instant instant)
    {
        instant = default;
        if (s.Length < 20
            || !TryDate(s, out int year, out int month, out int day)
            || s[10] != (byte)'T'
            || !TryTwoDigits(s, 11, out int hour) || s[13] != (byte)':'
            || !TryTwoDigits(s, 14, out int minute) || s[16] != (byte)':'
            || !TryTwoDigits(s, 17, out int second)
            || hour > 23 || minute > 59 || second > 59
            || year > 9998)
        {
            return false;
        }

        int i = 19;
        long nanoseconds = 0;
        if (s[i] == (byte)'.')
        {
            int first = ++i;
            while (i < s.Length && i - first < 9 && IsDigit(s[i]))
            {
                nanoseconds = (nanoseconds * 10) + (s[i] - (byte)'0');
                i++;
            }

            int digits = i - first;
            if (digits == 0 || (i < s.Length && IsDigit(s[i])))
            {
                return false;
            }

            nanoseconds *= FractionScale[digits];
        }

        if (i >= s.Length)
        {
            return false;
        }

        int offsetSeconds;
        byte designator = s[i];
        if (designator == (byte)'Z')
        {
            if (i + 1 != s.Length)
            {
                return false;
            }

            offsetSeconds = 0;
        }
        else if (designator is (byte)'+' or (byte)'-')
        {
            if (i + 6 != s.Length
                || !TryTwoDigits(s, i + 1, out int offsetHours) || s[i + 3] != (byte)':'
                || !TryTwoDigits(s, i + 4, out int offsetMinutes)
                || offsetHours > 17 || offsetMinutes > 59
                || (designator == (byte)'-' && offsetHours == 0 && offsetMinutes == 0))
            {
                return false;
            }

            offsetSeconds = ((offsetHours * 3600) + (offsetMinutes * 60)) * (designator == (byte)'-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        instant = Instant.FromUtc(year, month, day, hour, minute, second)
            .PlusNanoseconds(nanoseconds)
            .Minus(Duration.FromSeconds(offsetSeconds));
        return true;
    }

    /// <summary>Parses a calendar date with NodaTime, after the fast path declined.</summary>
    public static bool TryParseDate(string text, out LocalDate date)
    {
        ParseResult<LocalDate> parsed = LocalDatePattern.Iso.Parse(text);
        date = parsed.Success ? parsed.Value : default;
        return parsed.Success;
    }

    /// <summary>Parses a canonical <c>yyyy-MM-dd</c> date without allocating.</summary>
    /// <returns><see langword="false"/> when the text is not canonical; then NodaTime decides.</returns>
    public static bool TryParseDateFast(ReadOnlySpan<byte> s, out LocalDate date)
    {
        if (s.Length == 10 && TryDate(s, out int year, out int month, out int day))
        {
            date = new LocalDate(year, month, day);
            return true;
        }

        date = default;
        return false;
    }

    /// <summary>Reads <c>yyyy-MM-dd</c> at the start of <paramref name="s"/>, years 1 to 9999, a real day.</summary>
    private static bool TryDate(ReadOnlySpan<byte> s, out int year, out int month, out int day)
    {
        year = month = day = 0;
        if (s.Length < 10
            || !TryTwoDigits(s, 0, out int century) || !TryTwoDigits(s, 2, out int yearOfCentury) || s[4] != (byte)'-'
            || !TryTwoDigits(s, 5, out month) || s[7] != (byte)'-'
            || !TryTwoDigits(s, 8, out day))
        {
            return false;
        }

        year = (century * 100) + yearOfCentury;
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= CalendarSystem.Iso.GetDaysInMonth(year, month);
    }

    private static bool TryTwoDigits(ReadOnlySpan<byte> s, int at, out int value)
    {
        byte tens = s[at];
        byte ones = s[at + 1];
        if (IsDigit(tens) && IsDigit(ones))
        {
            value = ((tens - (byte)'0') * 10) + (ones - (byte)'0');
            return true;
        }

        value = 0;
        return false;
    }

    private static bool IsDigit(byte b) => unchecked((uint)(b - (byte)'0')) <= 9;
}
