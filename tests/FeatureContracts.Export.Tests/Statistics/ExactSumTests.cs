using System;
using System.Linq;
using System.Numerics;
using FeatureContracts.Export.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FeatureContracts.Export.Tests.Statistics;

public sealed class ExactSumTests
{
    private static double Finite(long bits)
    {
        double x = BitConverter.Int64BitsToDouble(bits);
        return double.IsFinite(x) ? x : bits % 1000;
    }

    [Property(MaxTest = 300)]
    public bool Any_grouping_of_additions_gives_the_same_exact_sum(long[] bits, int seed)
    {
        double[] values = [.. (bits ?? []).Select(Finite)];
        var inOrder = new ExactSum();
        foreach (double v in values)
        {
            inOrder.Add(v);
        }

        var random = new Random(seed);
        var left = new ExactSum();
        var right = new ExactSum();
        foreach (double v in values.OrderBy(_ => random.Next()))
        {
            (random.Next(2) == 0 ? left : right).Add(v);
        }

        right.Add(left);
        return inOrder.ToScaledInteger() == right.ToScaledInteger() && inOrder.ToDecimalString() == right.ToDecimalString();
    }

    [Property(MaxTest = 300)]
    public bool The_decimal_form_parses_back_to_the_same_sum(long[] bits)
    {
        var sum = new ExactSum();
        foreach (double v in (bits ?? []).Select(Finite))
        {
            sum.Add(v);
        }

        string text = sum.ToDecimalString();
        return ExactSum.TryParse(text, out ExactSum back) && back.ToScaledInteger() == sum.ToScaledInteger() && back.ToDecimalString() == text;
    }

    [Property(MaxTest = 300)]
    public bool The_mean_of_n_copies_of_x_is_x(long bits, PositiveInt copies)
    {
        double x = Finite(bits);
        int n = 1 + (copies.Get % 50);
        var sum = new ExactSum();
        for (int i = 0; i < n; i++)
        {
            sum.Add(x);
        }

        double mean = sum.Mean(n);
        return BitConverter.DoubleToInt64Bits(mean) == BitConverter.DoubleToInt64Bits(x == 0 ? 0.0 : x);
    }

    [Property(MaxTest = 300)]
    public bool The_mean_of_integers_matches_exact_rational_rounding(int[] integers)
    {
        if (integers is null || integers.Length == 0)
        {
            return true;
        }

        var sum = new ExactSum();
        foreach (int i in integers)
        {
            sum.Add(i);
        }

        // For |sum| < 2^53 the double division sum / n is correctly rounded, an independent oracle.
        long exact = integers.Sum(i => (long)i);
        return sum.ToDecimalString() == exact.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && sum.Mean(integers.Length) == (double)exact / integers.Length;
    }

    [Theory]
    [InlineData("1.50")]
    [InlineData("01")]
    [InlineData("-0")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("0.1")]
    [InlineData("1e3")]
    [InlineData("")]
    public void Non_canonical_or_non_dyadic_decimals_are_refused(string text)
        => ExactSum.TryParse(text, out _).Should().BeFalse("'0.1' is not a sum of doubles; the others are not canonical");

    [Fact]
    public void Subnormal_and_extreme_values_are_exact()
    {
        var sum = new ExactSum();
        sum.Add(double.Epsilon);
        sum.Add(double.MaxValue);
        sum.Add(-double.MaxValue);
        sum.Add(double.Epsilon);

        sum.ToScaledInteger().Should().Be(new BigInteger(2));
        sum.Mean(2).Should().Be(double.Epsilon);
    }
}
