using System;
using FeatureContracts.Contracts;
using FsCheck.Xunit;

namespace FeatureContracts.Tests.Contracts;

public sealed class FeatureValueTests
{
    [Fact]
    public void Missing_value_is_not_zero_nan_or_empty()
    {
        FeatureValue missing = FeatureValue.Missing(FeatureKind.Numeric);

        missing.IsMissing.Should().BeTrue();
        missing.Number.Should().BeNull();
        missing.Should().NotBe(FeatureValue.Numeric(0));
        missing.Should().NotBe(FeatureValue.Numeric(double.NaN));
        FeatureValue.Missing(FeatureKind.Categorical).Category.Should().BeNull();
        FeatureValue.Missing(FeatureKind.Categorical).Should().NotBe(FeatureValue.Categorical(string.Empty));
        FeatureValue.Missing(FeatureKind.Boolean).Boolean.Should().BeNull();
        FeatureValue.Missing(FeatureKind.Boolean).Should().NotBe(FeatureValue.Bool(false));
    }

    [Fact]
    public void Missing_values_of_different_kinds_are_not_equal()
    {
        (FeatureValue.Missing(FeatureKind.Numeric) == FeatureValue.Missing(FeatureKind.Boolean)).Should().BeFalse();
        (FeatureValue.Missing(FeatureKind.Numeric) == FeatureValue.Missing(FeatureKind.Numeric)).Should().BeTrue();
    }

    [Fact]
    public void Accessors_of_another_kind_are_null()
    {
        FeatureValue number = FeatureValue.Numeric(3);

        number.Number.Should().Be(3);
        number.Category.Should().BeNull();
        number.Boolean.Should().BeNull();
    }

    [Fact]
    public void Numeric_equality_is_bit_exact_so_positive_and_negative_zero_differ()
    {
        // Pinned deliberately: rows compare bit for bit (parity checks must not hide a sign flip).
        (FeatureValue.Numeric(0.0) == FeatureValue.Numeric(-0.0)).Should().BeFalse();
        FeatureValue.Numeric(0.0).Equals(FeatureValue.Numeric(-0.0)).Should().BeFalse();
    }

    [Fact]
    public void Numeric_equality_is_bit_exact_so_nan_equals_the_same_nan()
    {
        (FeatureValue.Numeric(double.NaN) == FeatureValue.Numeric(double.NaN)).Should().BeTrue();
    }

    [Fact]
    public void Numbers_one_ulp_apart_are_not_equal()
    {
        (FeatureValue.Numeric(0.1 + 0.2) == FeatureValue.Numeric(0.3)).Should().BeFalse();
    }

    [Fact]
    public void Equal_values_have_equal_hash_codes()
    {
        FeatureValue.Numeric(620).GetHashCode().Should().Be(FeatureValue.Numeric(620).GetHashCode());
        FeatureValue.Categorical("northline").GetHashCode().Should().Be(FeatureValue.Categorical("northline").GetHashCode());
    }

    [Fact]
    public void Category_equality_is_ordinal_and_case_sensitive()
    {
        (FeatureValue.Categorical("northline") == FeatureValue.Categorical("Northline")).Should().BeFalse();
        (FeatureValue.Categorical("northline") == FeatureValue.Categorical("northline")).Should().BeTrue();
    }

    [Theory]
    [InlineData(620.0, "620")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1e21, "1E+21")]
    [InlineData(-0.0, "-0")]
    public void Numeric_value_prints_in_invariant_round_trip_form(double value, string expected)
    {
        FeatureValue.Numeric(value).ToString().Should().Be(expected);
    }

    [Fact]
    public void Missing_value_prints_as_missing()
    {
        FeatureValue.Missing(FeatureKind.Numeric).ToString().Should().Be("missing");
        FeatureValue.Bool(false).ToString().Should().Be("false");
        FeatureValue.Categorical("northline").ToString().Should().Be("northline");
    }

    // ---- default(FeatureValue) is no value ---------------------------------------------------------------------

    [Fact]
    public void Default_value_is_not_a_numeric_zero_nor_missing_of_any_kind()
    {
        FeatureValue unset = default;

        unset.IsDefault.Should().BeTrue();
        (unset == FeatureValue.Numeric(0)).Should().BeFalse();
        (unset == FeatureValue.Numeric(-0.0)).Should().BeFalse();
        (unset == FeatureValue.Bool(false)).Should().BeFalse();
        (unset == FeatureValue.Missing(FeatureKind.Numeric)).Should().BeFalse();
        (unset == FeatureValue.Missing(FeatureKind.Categorical)).Should().BeFalse();
        (unset == FeatureValue.Missing(FeatureKind.Boolean)).Should().BeFalse();
        (unset == default(FeatureValue)).Should().BeTrue("it equals only itself");
        unset.GetHashCode().Should().Be(default(FeatureValue).GetHashCode());
    }

    [Fact]
    public void Default_value_refuses_every_reading_instead_of_pretending_to_be_zero()
    {
        FeatureValue unset = default;

        Action[] readings =
        [
            () => _ = unset.Kind,
            () => _ = unset.IsMissing,
            () => _ = unset.Number,
            () => _ = unset.Category,
            () => _ = unset.Boolean,
        ];

        foreach (Action read in readings)
        {
            read.Should().Throw<InvalidOperationException>()
                .WithMessage("default(FeatureValue) is not a feature value (not 0, not missing): make values with FeatureValue.Numeric, Categorical, Bool or Missing.");
        }
    }

    [Fact]
    public void Default_value_prints_as_what_it_is()
    {
        default(FeatureValue).ToString().Should().Be("default(FeatureValue)");
    }

    [Property(MaxTest = 200)]
    public bool Every_value_a_factory_makes_is_not_the_default(double number, bool flag, byte kind)
    {
        FeatureValue[] made =
        [
            FeatureValue.Numeric(number),
            FeatureValue.Categorical(number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            FeatureValue.Bool(flag),
            FeatureValue.Missing((FeatureKind)(kind % 3)),
        ];

        return Array.TrueForAll(made, v => !v.IsDefault && v != default && v.ToString() != "default(FeatureValue)");
    }
}
