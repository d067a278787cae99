using System;
using System.Globalization;
using System.Numerics;

namespace FeatureContracts.Export.Statistics;

/// <summary>
/// The exact sum of any number of finite doubles: no rounding ever happens, so the result does not depend on the
/// order or grouping of the additions (shards merged in any order give the same bits).
/// </summary>
/// <remarks>
/// Every finite double is an integer multiple of 2^-1074. The sum is kept as that integer, in 32-bit digits held in
/// 64-bit bins (a small "superaccumulator"): adding a double adds its 53-bit significand, shifted, into three bins;
/// carries are propagated every 2^30 additions, before any bin could overflow. Not thread-safe.
/// </remarks>
internal sealed class ExactSum
{
    /// <summary>The sum is an integer multiple of 2^-<see cref="Scale"/>.</summary>
    public const int Scale = 1074;

    private const int Bins = 72;
    private const int DigitBits = 32;
    private const long DigitMask = 0xFFFF_FFFFL;
    private const int AddsBeforeCarry = 1 << 30;
    private static readonly BigInteger MaxMagnitude = BigInteger.One << (DigitBits * (Bins - 2));

    private readonly long[] _bins = new long[Bins];
    private int _pending;

    /// <summary>Adds a finite double exactly.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite numbers can be summed.");
        }

        long bits = BitConverter.DoubleToInt64Bits(value);
        int biased = (int)((bits >> 52) & 0x7FF);
        ulong significand = unchecked((ulong)bits) & 0x000F_FFFF_FFFF_FFFFUL;
        if (significand == 0 && biased == 0)
        {
            return;
        }

        // value = significand × 2^(shift − 1074), shift in [0, 2045].
        int shift = 0;
        if (biased != 0)
        {
            significand |= 1UL << 52;
            shift = biased - 1;
        }

        int bin = shift / DigitBits;
        UInt128 shifted = (UInt128)significand << (shift % DigitBits);
        long d0 = (long)(ulong)(shifted & DigitMask);
        long d1 = (long)(ulong)((shifted >> DigitBits) & DigitMask);
        long d2 = (long)(ulong)(shifted >> (2 * DigitBits));
        if (bits < 0)
        {
            _bins[bin] -= d0;
            _bins[bin + 1] -= d1;
            _bins[bin + 2] -= d2;
        }
        else
        {
            _bins[bin] += d0;
            _bins[bin + 1] += d1;
            _bins[bin + 2] += d2;
        }

        if (++_pending >= AddsBeforeCarry)
        {
            Normalize();
        }
    }

    /// <summary>Adds another exact sum to this one; <paramref name="other"/> keeps its value.</summary>
    public void Add(ExactSum other)
    {
        Normalize();
        other.Normalize();
        for (int i = 0; i < Bins; i++)
        {
            _bins[i] += other._bins[i];
        }

        _pending = 1;
        Normalize();
    }

    /// <summary>The sum × 2^1074, an exact integer.</summary>
    public BigInteger ToScaledInteger()
    {
        Normalize();
        BigInteger result = BigInteger.Zero;
        for (int i = Bins - 1; i >= 0; i--)
        {
            result = (result << DigitBits) + _bins[i];
        }

        return result;
    }

    /// <summary>The exact sum whose value is <paramref name="scaled"/> × 2^-1074.</summary>
    public static ExactSum FromScaledInteger(BigInteger scaled)
    {
        if (BigInteger.Abs(scaled) >= MaxMagnitude)
        {
            throw new ArgumentOutOfRangeException(nameof(scaled), "The sum is too large.");
        }

        var sum = new ExactSum();
        BigInteger magnitude = BigInteger.Abs(scaled);
        for (int i = 0; i < Bins && !magnitude.IsZero; i++)
        {
            long digit = (long)(magnitude & DigitMask);
            sum._bins[i] = scaled.Sign < 0 ? -digit : digit;
            magnitude >>= DigitBits;
        }

        sum._pending = 1;
        return sum;
    }

    /// <summary>
    /// The sum in exact, canonical decimal notation: an optional minus sign, the integer digits without leading
    /// zeros, and, only if the sum has a fraction, a point and the fraction's digits without trailing zeros. A sum
    /// of doubles always has a finite decimal expansion.
    /// </summary>
    public string ToDecimalString() => FormatScaled(ToScaledInteger());

    /// <summary>Parses the canonical form written by <see cref="ToDecimalString"/>.</summary>
    public static bool TryParse(string text, out ExactSum sum)
    {
        sum = new ExactSum();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        bool negative = text[0] == '-';
        string body = negative ? text[1..] : text;
        int point = body.IndexOf('.', StringComparison.Ordinal);
        string integer = point < 0 ? body : body[..point];
        string fraction = point < 0 ? string.Empty : body[(point + 1)..];
        bool canonical = integer.Length > 0
            && IsDigits(integer)
            && (integer.Length == 1 || integer[0] != '0')
            && (point < 0 || (fraction.Length > 0 && IsDigits(fraction) && fraction[^1] != '0'))
            && fraction.Length <= Scale;
        if (!canonical || (negative && integer == "0" && fraction.Length == 0))
        {
            return false;
        }

        BigInteger digits = BigInteger.Parse(integer + fraction, NumberStyles.None, CultureInfo.InvariantCulture);

        // value = digits / 10^k = digits × 2^(1074 − k) / 5^k; a sum of doubles makes the division exact.
        BigInteger scaled = BigInteger.DivRem(digits << (Scale - fraction.Length), BigInteger.Pow(5, fraction.Length), out BigInteger remainder);
        if (!remainder.IsZero || scaled >= MaxMagnitude)
        {
            return false;
        }

        sum = FromScaledInteger(negative ? -scaled : scaled);
        return true;
    }

    /// <summary>The mean, sum / <paramref name="count"/>, correctly rounded to the nearest double (ties to even).</summary>
    public double Mean(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return RoundToDouble(ToScaledInteger(), new BigInteger(count) << Scale);
    }

    /// <summary>p / q correctly rounded to the nearest double, ties to even; q must be positive.</summary>
    internal static double RoundToDouble(BigInteger p, BigInteger q)
    {
        if (p.IsZero)
        {
            return 0.0;
        }

        bool negative = p.Sign < 0;
        p = BigInteger.Abs(p);

        // top = floor(log2(p / q)).
        long top = (long)p.GetBitLength() - (long)q.GetBitLength();
        bool atLeast = top >= 0 ? p >= q << (int)top : p << (int)-top >= q;
        if (!atLeast)
        {
            top--;
        }

        if (top > 1023)
        {
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        // Round p / q to a multiple of 2^unit: 53 significant bits, or fewer in the subnormal range.
        int unit = (int)Math.Max(top - 52, -1074);
        BigInteger numerator = unit < 0 ? p << -unit : p;
        BigInteger denominator = unit > 0 ? q << unit : q;
        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        int half = (remainder << 1).CompareTo(denominator);
        if (half > 0 || (half == 0 && !quotient.IsEven))
        {
            quotient += 1;
        }

        // quotient ≤ 2^53, so the conversion and the scaling are exact.
        double result = Math.ScaleB((double)quotient, unit);
        return negative ? -result : result;
    }

    private static string FormatScaled(BigInteger scaled)
    {
        if (scaled.IsZero)
        {
            return "0";
        }

        string sign = scaled.Sign < 0 ? "-" : string.Empty;
        BigInteger magnitude = BigInteger.Abs(scaled);
        int zeros = (int)Math.Min((long)BigInteger.TrailingZeroCount(magnitude), Scale);
        magnitude >>= zeros;
        int fractionDigits = Scale - zeros;
        if (fractionDigits == 0)
        {
            return sign + magnitude.ToString(CultureInfo.InvariantCulture);
        }

        // magnitude is odd: magnitude / 2^f = magnitude × 5^f / 10^f, whose last digit is 5 (no trailing zeros).
        string digits = (magnitude * BigInteger.Pow(5, fractionDigits)).ToString(CultureInfo.InvariantCulture).PadLeft(fractionDigits + 1, '0');
        return sign + digits[..^fractionDigits] + "." + digits[^fractionDigits..];
    }

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private void Normalize()
    {
        if (_pending == 0)
        {
            return;
        }

        long carry = 0;
        for (int i = 0; i < Bins - 1; i++)
        {
            long total = _bins[i] + carry;
            carry = total >> DigitBits;
            _bins[i] = total - (carry << DigitBits);
        }

        _bins[Bins - 1] += carry;
        _pending = 0;
    }
}
