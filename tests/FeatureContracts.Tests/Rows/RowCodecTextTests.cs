using System;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Rows;

/// <summary>The one text of each kind of row value, and the refusal of every other text.</summary>
public sealed class RowCodecTextTests
{
    // ---- numbers ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(620.0, "620")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.6780973628563889, "1.6780973628563889")]
    [InlineData(0.03333333333333333, "0.03333333333333333")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e20, "1E+20")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(double.Epsilon, "5E-324")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    public void A_number_is_written_in_invariant_shortest_round_trip_form(double value, string text)
    {
        RowCodec.FormatNumber(value).Should().Be(text);
        RowCodec.FormatValue(FeatureValue.Numeric(value)).Should().Be(text);
    }

    [Fact]
    public void Negative_zero_keeps_its_sign_in_text_and_back()
    {
        RowCodec.FormatNumber(-0.0).Should().Be("-0");
        BitConverter.DoubleToInt64Bits(RowCodec.ParseNumber("-0")).Should().Be(BitConverter.DoubleToInt64Bits(-0.0));
    }

    [Fact]
    public void Formatting_a_number_into_a_span_writes_the_same_text_without_allocating_a_string()
    {
        Span<char> buffer = stackalloc char[32];
        RowCodec.TryFormatNumber(1.6780973628563889, buffer, out int written).Should().BeTrue();
        buffer[..written].ToString().Should().Be("1.6780973628563889");
        RowCodec.TryFormatNumber(1.6780973628563889, buffer[..3], out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_number_that_is_not_finite_is_never_written(double value)
    {
        FluentActions.Invoking(() => RowCodec.FormatNumber(value)).Should().Throw<ArgumentException>().WithMessage("*not a finite number*");
        FluentActions.Invoking(() => RowCodec.FormatValue(FeatureValue.Numeric(value))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => RowCodec.TryFormatNumber(value, new char[32], out _)).Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("620", 620.0)]
    [InlineData("6.2E2", 620.0)]
    [InlineData("6.2e+2", 620.0)]
    [InlineData("+1", 1.0)]
    [InlineData(".5", 0.5)]
    [InlineData("0.1000000000000000055511151231257827", 0.1)]
    public void A_number_reads_from_any_invariant_decimal(string text, double value)
        => RowCodec.ParseNumber(text).Should().Be(value);

    [Theory]
    [InlineData("NaN")]
    [InlineData("-NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("∞")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,5")]
    [InlineData("1,000")]
    [InlineData("0x10")]
    [InlineData("far")]
    [InlineData("1.2.3")]
    public void A_text_that_is_not_a_finite_invariant_decimal_is_refused_quoting_it(string text)
    {
        RowCodec.TryParseNumber(text, out _, out string? error).Should().BeFalse();
        error.Should().Be($"'{text}' is not a finite number");
        FluentActions.Invoking(() => RowCodec.ParseNumber(text)).Should().Throw<FormatException>().WithMessage($"'{text}' is not a finite number");
    }

    // ---- booleans, bits, categories, missing -------------------------------------------------------------------

    [Fact]
    public void Booleans_are_true_and_false_and_nothing_else()
    {
        RowCodec.FormatBoolean(true).Should().Be("true");
        RowCodec.FormatBoolean(false).Should().Be("false");
        RowCodec.ParseBoolean("true").Should().BeTrue();
        RowCodec.ParseBoolean("false").Should().BeFalse();
        foreach (string text in new[] { "True", "FALSE", "1", "0", "yes", "", " true" })
        {
            RowCodec.TryParseBoolean(text, out _, out string? error).Should().BeFalse(text);
            error.Should().Be($"'{text}' is not a boolean (true or false)");
        }
    }

    [Fact]
    public void Indicators_and_labels_are_1_and_0_and_nothing_else()
    {
        RowCodec.FormatBit(true).Should().Be("1");
        RowCodec.FormatBit(false).Should().Be("0");
        RowCodec.ParseBit("1").Should().BeTrue();
        RowCodec.ParseBit("0").Should().BeFalse();
        foreach (string text in new[] { "2", "-1", "1.0", "01", "true", "", "yes" })
        {
            RowCodec.TryParseBit(text, out _, out string? error).Should().BeFalse(text);
            error.Should().Be($"'{text}' is not 0 or 1");
        }
    }

    [Fact]
    public void A_category_is_written_and_read_exactly_as_it_is()
    {
        RowCodec.FormatValue(FeatureValue.Categorical("north line, \"express\"")).Should().Be("north line, \"express\"");
        RowCodec.ParseValue(FeatureKind.Categorical, " Northline ").Should().Be(FeatureValue.Categorical(" Northline "));
        RowCodec.ParseValue(FeatureKind.Categorical, string.Empty).Should().Be(FeatureValue.Categorical(string.Empty));
    }

    [Theory]
    [InlineData(FeatureKind.Numeric)]
    [InlineData(FeatureKind.Categorical)]
    [InlineData(FeatureKind.Boolean)]
    public void A_missing_value_has_no_text_and_no_text_is_a_missing_value(FeatureKind kind)
    {
        RowCodec.FormatValue(FeatureValue.Missing(kind)).Should().BeNull();
        RowCodec.ParseValue(kind, null).Should().Be(FeatureValue.Missing(kind));
    }

    [Fact]
    public void Values_read_back_by_kind()
    {
        RowCodec.ParseValue(FeatureKind.Numeric, "620").Should().Be(FeatureValue.Numeric(620));
        RowCodec.ParseValue(FeatureKind.Boolean, "false").Should().Be(FeatureValue.Bool(false));
        RowCodec.FormatValue(FeatureValue.Bool(true)).Should().Be("true");
    }

    [Fact]
    public void A_value_of_the_wrong_kind_is_refused_quoting_the_text()
    {
        RowCodec.TryParseValue(FeatureKind.Numeric, "true", out _, out string? error).Should().BeFalse();
        error.Should().Be("'true' is not a finite number");
        RowCodec.TryParseValue(FeatureKind.Boolean, "620", out _, out error).Should().BeFalse();
        error.Should().Be("'620' is not a boolean (true or false)");
        FluentActions.Invoking(() => RowCodec.ParseValue(FeatureKind.Numeric, "NaN")).Should().Throw<FormatException>().WithMessage("'NaN'*");
    }

    // ---- instants -----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("2026-05-01T09:00:00Z")]
    [InlineData("2026-05-01T09:00:00.5Z")]
    [InlineData("2026-05-01T09:00:00.125Z")]
    [InlineData("2026-05-12T00:01:18.948688928Z")]
    [InlineData("2026-05-01T09:00:00.000000001Z")]
    [InlineData("2026-05-01T09:00:00.1234567Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999999Z")]
    public void An_instant_is_written_in_UTC_with_Z_at_full_precision_and_read_back(string text)
    {
        Instant instant = RowCodec.ParseInstant(text);
        RowCodec.FormatInstant(instant).Should().Be(text);
    }

    [Fact]
    public void An_instant_finer_than_a_second_keeps_every_nanosecond()
    {
        Instant instant = At("2026-05-01T09:00:00Z") + Duration.FromNanoseconds(948_688_928);
        RowCodec.FormatInstant(instant).Should().Be("2026-05-01T09:00:00.948688928Z");
        RowCodec.FormatInstant(At("2026-05-01T09:00:00Z") + Duration.FromMilliseconds(500)).Should().Be("2026-05-01T09:00:00.5Z");
    }

    [Theory]
    [InlineData("2026-05-01T11:00:00+02:00", "2026-05-01T09:00:00Z")]
    [InlineData("2026-05-01T04:30:00.25-04:30", "2026-05-01T09:00:00.25Z")]
    [InlineData("2026-05-01T09:00:00+00:00", "2026-05-01T09:00:00Z")]
    public void An_instant_with_an_explicit_offset_reads_as_the_same_instant_in_UTC(string text, string utc)
        => RowCodec.FormatInstant(RowCodec.ParseInstant(text)).Should().Be(utc);

    [Theory]
    [InlineData("2026-05-01T09:00:00")]
    [InlineData("2026-05-01T09:00:00.5")]
    public void A_timestamp_without_offset_names_no_instant_and_is_refused(string text)
    {
        RowCodec.TryParseInstant(text, out _, out string? error).Should().BeFalse();
        error.Should().Be($"'{text}' has no Z or offset, so it names no instant; write an ISO-8601 instant such as 2026-05-01T09:00:00Z");
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-05-01")]
    [InlineData("2026-05-01 09:00:00Z")]
    [InlineData("2026-05-01T09:00Z")]
    [InlineData("2026-05-01T09:00:00z")]
    [InlineData("2026-13-01T09:00:00Z")]
    [InlineData("2026-02-30T09:00:00Z")]
    [InlineData("2026-05-01T25:00:00Z")]
    [InlineData("2026-05-01T09:00:00.1234567891Z")]
    [InlineData("1777626000")]
    [InlineData(" 2026-05-01T09:00:00Z")]
    public void A_text_that_is_not_an_ISO_8601_instant_is_refused_quoting_it(string text)
    {
        RowCodec.TryParseInstant(text, out _, out string? error).Should().BeFalse();
        error.Should().Be($"'{text}' is not an ISO-8601 instant with Z or an offset, such as 2026-05-01T09:00:00Z");
        FluentActions.Invoking(() => RowCodec.ParseInstant(text)).Should().Throw<FormatException>().WithMessage($"'{text}'*");
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("-9998-01-01T00:00:00+01:00")]
    public void A_timestamp_whose_instant_lies_beyond_the_representable_range_is_refused(string text)
    {
        RowCodec.TryParseInstant(text, out _, out string? error).Should().BeFalse();
        error.Should().Be($"'{text}' is outside the range of instants that can be represented");
    }

    // ---- durations ----------------------------------------------------------------------------------------------

    public static TheoryData<Duration, string> Durations => new()
    {
        { Duration.Zero, "PT0S" },
        { Duration.FromHours(1), "PT1H" },
        { -Duration.FromHours(1), "-PT1H" },
        { Duration.FromMinutes(30), "PT30M" },
        { Duration.FromSeconds(5), "PT5S" },
        { Duration.FromMilliseconds(500), "PT0.5S" },
        { -Duration.FromMilliseconds(500), "-PT0.5S" },
        { Duration.FromNanoseconds(1), "PT0.000000001S" },
        { -Duration.FromNanoseconds(1), "-PT0.000000001S" },
        { Duration.FromNanoseconds(123_456_789), "PT0.123456789S" },
        { Duration.FromHours(31) + Duration.FromMinutes(29), "PT31H29M" },
        { Duration.FromDays(1), "PT24H" },
        { Duration.FromDays(1) + Duration.FromHours(7) + Duration.FromMinutes(29), "PT31H29M" },
        { Duration.FromHours(168), "PT168H" },
        { Duration.FromHours(1) + Duration.FromNanoseconds(500_000_000), "PT1H0.5S" },
        { Duration.FromHours(2) + Duration.FromMinutes(3) + Duration.FromSeconds(4) + Duration.FromNanoseconds(50_000_000), "PT2H3M4.05S" },
        { -(Duration.FromHours(49) + Duration.FromSeconds(1)), "-PT49H1S" },
        { Duration.FromTicks(1), "PT0.0000001S" },
        { Duration.MaxValue, "PT402653183H59M59.999999999S" },
        { Duration.MinValue, "-PT402653184H" },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void A_duration_is_written_in_its_one_ISO_8601_form_and_read_back(Duration duration, string text)
    {
        RowCodec.FormatDuration(duration).Should().Be(text);
        RowCodec.ParseDuration(text).Should().Be(duration);
    }

    [Fact]
    public void The_freshness_lag_that_used_to_read_1_07_29_00_reads_PT31H29M()
        => RowCodec.FormatDuration(Duration.FromDays(1) + Duration.FromHours(7) + Duration.FromMinutes(29)).Should().Be("PT31H29M");

    [Theory]
    [InlineData("PT90M", "PT1H30M")]
    [InlineData("PT60S", "PT1M")]
    [InlineData("PT0H", "PT0S")]
    [InlineData("PT0M5S", "PT5S")]
    [InlineData("PT0.50S", "PT0.5S")]
    [InlineData("PT0.000S", "PT0S")]
    [InlineData("PT01H", "PT1H")]
    [InlineData("-PT0S", "PT0S")]
    [InlineData("PT1H0M", "PT1H")]
    public void A_duration_written_another_way_is_refused_naming_its_one_form(string text, string canonical)
    {
        RowCodec.TryParseDuration(text, out _, out string? error).Should().BeFalse();
        error.Should().Be($"'{text}' is not written in the one form of durations; write {canonical}");
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("PT", null)]
    [InlineData("P", null)]
    [InlineData("1:07:29:00", null)]
    [InlineData("0:06:00:00", null)]
    [InlineData("P1D", "hours are the largest unit: no days, weeks, months or years")]
    [InlineData("P1DT2H", "hours are the largest unit: no days, weeks, months or years")]
    [InlineData("PT1.5H", "only seconds may have a fraction")]
    [InlineData("PT1.5M", "only seconds may have a fraction")]
    [InlineData("PT1M1H", "hours, minutes and seconds appear at most once, in that order")]
    [InlineData("PT1H1H", "hours, minutes and seconds appear at most once, in that order")]
    [InlineData("PT0.1234567891S", "fractional seconds have one to nine digits")]
    [InlineData("PT1.S", "fractional seconds have one to nine digits")]
    [InlineData("PT402653184H", "it is outside the range of durations that can be represented")]
    [InlineData("PT9999999999999H", "a part has more digits than any duration needs")]
    [InlineData("pt1h", null)]
    [InlineData("PT1h", null)]
    [InlineData("PT-1H", null)]
    [InlineData("+PT1H", null)]
    [InlineData("PT1H ", null)]
    [InlineData("PT1", null)]
    [InlineData("PTH", null)]
    public void A_text_that_is_not_an_ISO_8601_duration_in_hours_is_refused_quoting_it(string text, string? why)
    {
        RowCodec.TryParseDuration(text, out _, out string? error).Should().BeFalse();
        string expected = $"'{text}' is not an ISO-8601 duration with hours as the largest unit, such as PT31H29M, PT0.5S, -PT1H or PT0S";
        error.Should().Be(why is null ? expected : $"{expected} ({why})");
        FluentActions.Invoking(() => RowCodec.ParseDuration(text)).Should().Throw<FormatException>().WithMessage($"'{text}'*");
    }

    [Fact]
    public void The_most_negative_duration_reads_back_though_its_magnitude_is_not_a_duration()
        => RowCodec.ParseDuration("-PT402653184H").Should().Be(Duration.MinValue);

    // ---- codes and flags ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(RejectionCode.MissingValue, "missing_value")]
    [InlineData(RejectionCode.OutOfRange, "out_of_range")]
    [InlineData(RejectionCode.NotFinite, "not_finite")]
    [InlineData(RejectionCode.UnseenCategory, "unseen_category")]
    [InlineData(RejectionCode.OutcomeAlreadyKnown, "outcome_already_known")]
    [InlineData(RejectionCode.LineageAfterPredictionInstant, "lineage_after_prediction_instant")]
    [InlineData(RejectionCode.EntityNotKnown, "entity_not_known")]
    public void A_code_is_written_in_snake_case_and_read_back(RejectionCode code, string text)
    {
        RowCodec.FormatCode(code).Should().Be(text);
        RowCodec.ParseCode<RejectionCode>(text).Should().Be(code);
    }

    [Fact]
    public void Every_code_of_an_enum_round_trips()
    {
        foreach (ColumnType type in Enum.GetValues<ColumnType>())
        {
            RowCodec.ParseCode<ColumnType>(RowCodec.FormatCode(type)).Should().Be(type);
        }

        RowCodec.FormatCode(ColumnType.MissingIndicator).Should().Be("missing_indicator");
    }

    [Theory]
    [InlineData("OutcomeAlreadyKnown")]
    [InlineData("outcome-already-known")]
    [InlineData("Outcome_Already_Known")]
    [InlineData("4")]
    [InlineData("")]
    public void A_text_that_is_not_a_code_is_refused_listing_every_code(string text)
    {
        RowCodec.TryParseCode(text, out RejectionCode _, out string? error).Should().BeFalse();
        error.Should().Be(
            $"'{text}' is not a known code; expected missing_value, out_of_range, not_finite, unseen_category, outcome_already_known, lineage_after_prediction_instant, entity_not_known");
        FluentActions.Invoking(() => RowCodec.ParseCode<RejectionCode>(text)).Should().Throw<FormatException>();
    }

    [Fact]
    public void A_value_that_is_not_a_declared_code_cannot_be_written()
        => FluentActions.Invoking(() => RowCodec.FormatCode((RejectionCode)99)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("99 is not a member of RejectionCode*");

    public static TheoryData<CellNotes, string[]> Notes => new()
    {
        { CellNotes.None, [] },
        { CellNotes.Missing, ["missing"] },
        { CellNotes.Filled, ["filled"] },
        { CellNotes.DefaultedByDeclaredAbsence, ["defaulted_by_declared_absence"] },
        { CellNotes.Clamped, ["clamped"] },
        { CellNotes.UnseenMapped, ["unseen_mapped"] },
        { CellNotes.BeyondMaxAge | CellNotes.Filled, ["filled", "beyond_max_age"] },
        { CellNotes.BeyondMaxAge | CellNotes.Missing, ["missing", "beyond_max_age"] },
    };

    [Theory]
    [MemberData(nameof(Notes))]
    public void Cell_notes_are_the_snake_case_names_of_the_flags_set_in_ascending_order(CellNotes notes, string[] names)
    {
        RowCodec.FormatFlags(notes).Should().Equal(names);
        RowCodec.ParseFlags<CellNotes>(names).Should().Be(notes);
    }

    [Fact]
    public void No_note_is_the_empty_list_never_the_word_none()
    {
        RowCodec.FormatFlags(CellNotes.None).Should().BeEmpty();
        RowCodec.TryParseFlags(["none"], out CellNotes _, out string? error).Should().BeFalse();
        error.Should().Be("'none' is not a flag; expected missing, filled, defaulted_by_declared_absence, clamped, unseen_mapped, beyond_max_age (no flag is the empty list)");
    }

    [Fact]
    public void Flags_read_in_any_order_but_never_twice()
    {
        RowCodec.ParseFlags<CellNotes>(["beyond_max_age", "filled"]).Should().Be(CellNotes.Filled | CellNotes.BeyondMaxAge);
        RowCodec.TryParseFlags(["filled", "filled"], out CellNotes _, out string? error).Should().BeFalse();
        error.Should().Be("'filled' appears twice");
        FluentActions.Invoking(() => RowCodec.ParseFlags<CellNotes>(["Filled"])).Should().Throw<FormatException>().WithMessage("'Filled' is not a flag*");
    }

    [Fact]
    public void Flags_with_a_bit_no_flag_names_cannot_be_written()
        => FluentActions.Invoking(() => RowCodec.FormatFlags((CellNotes)64)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void A_very_long_text_is_quoted_shortened_in_a_reason()
    {
        string text = new string('7', 500) + "x";
        RowCodec.TryParseNumber(text, out _, out string? error).Should().BeFalse();
        error.Should().Be($"'{new string('7', 100)}…' (501 characters) is not a finite number");
    }
}
