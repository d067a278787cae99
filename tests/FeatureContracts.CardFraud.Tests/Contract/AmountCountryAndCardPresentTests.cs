using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using static FeatureContracts.CardFraud.Tests.Builders;

namespace FeatureContracts.CardFraud.Tests.Contract;

/// <summary>The features read from the request itself: <c>amount</c>, <c>country</c> and <c>card_present</c>.</summary>
public sealed class AmountCountryAndCardPresentTests
{
    // ---- amount -------------------------------------------------------------------------------------------------

    [Fact]
    public void Missing_amount_rejects_the_row_naming_the_feature()
    {
        RowRejection rejection = SingleRejection(Nine, Requested(amount: null));

        rejection.Feature.Should().Be("amount");
        rejection.Code.Should().Be(RejectionCode.MissingValue);
    }

    [Fact]
    public void A_request_with_a_null_amount_still_counts_for_the_card_s_next_authorization()
    {
        FeatureRow row = AcceptedRow(Nine, Requested(Nine - Hours(2), OtherAuthorizationId, amount: null, eventId: "A-0"), Requested());

        row["authorizations_on_card_24h"].Value.Should().Be(FeatureValue.Numeric(2));
        row["hours_since_previous_authorization"].Value.Should().Be(FeatureValue.Numeric(2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    public void Amount_at_a_range_bound_is_kept(double amount)
    {
        AcceptedRow(Nine, Requested(amount: amount))["amount"].Value.Should().Be(FeatureValue.Numeric(amount));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(100_000.01)]
    public void Amount_outside_0_to_100000_rejects_the_row(double amount)
    {
        RowRejection rejection = SingleRejection(Nine, Requested(amount: amount));

        rejection.Feature.Should().Be("amount");
        rejection.Code.Should().Be(RejectionCode.OutOfRange);
    }

    [Fact]
    public void Amount_comes_from_the_latest_visible_request_of_the_authorization()
    {
        AcceptedRow(Nine + Hours(1), Requested(amount: 10), Requested(Nine + Hours(1), amount: 12))["amount"].Value.Should().Be(FeatureValue.Numeric(12));
        AcceptedRow(Nine, Requested(amount: 10), Requested(Nine, amount: 12, recordedAt: Nine + Tick))["amount"].Value.Should().Be(FeatureValue.Numeric(10));
    }

    // ---- country ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("US")]
    [InlineData("GB")]
    [InlineData("DE")]
    [InlineData("FR")]
    [InlineData("BR")]
    public void Country_in_the_vocabulary_is_kept(string country)
    {
        FeatureCell cell = AcceptedRow(Nine, Requested(country: country))["country"];

        cell.Value.Should().Be(FeatureValue.Categorical(country));
        cell.Notes.Should().Be(CellNotes.None);
    }

    [Theory]
    [InlineData("JP")]
    [InlineData("de")]
    public void Unseen_country_maps_to_other_and_is_counted(string country)
    {
        FeatureCell cell = AcceptedRow(Nine, Requested(country: country))["country"];

        cell.Value.Should().Be(FeatureValue.Categorical("other"));
        cell.Notes.Should().Be(CellNotes.UnseenMapped);
        cell.ObservedValue.Should().Be(country);
    }

    [Fact]
    public void Null_country_is_missing_with_its_indicator()
    {
        FeatureRow row = AcceptedRow(Nine, Requested(country: null));

        row["country"].Value.Should().Be(FeatureValue.Missing(FeatureKind.Categorical));
        row.ColumnValues()[row.Schema.IndexOf("country_missing")].Should().Be(FeatureValue.Numeric(1));
    }

    // ---- card_present -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Card_present_flag_is_kept(bool present)
    {
        AcceptedRow(Nine, Requested(cardPresent: present))["card_present"].Value.Should().Be(FeatureValue.Bool(present));
    }

    [Fact]
    public void Null_card_present_flag_rejects_the_row()
    {
        RowRejection rejection = SingleRejection(Nine, Requested(cardPresent: null));

        rejection.Feature.Should().Be("card_present");
        rejection.Code.Should().Be(RejectionCode.MissingValue);
    }
}
