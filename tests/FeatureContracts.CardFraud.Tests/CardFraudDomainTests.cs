using System;
using System.Linq;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime;
using static FeatureContracts.CardFraud.Tests.Builders;

namespace FeatureContracts.CardFraud.Tests;

/// <summary>The domain as the core sees it: its layout, its event schema, how a store files its events, and a row end to end.</summary>
public sealed class CardFraudDomainTests
{
    private static readonly CardFraudDomain Domain = CardFraudDomain.Instance;

    [Fact]
    public void Layout_is_accepted_with_authorization_rows_partitioned_by_card_and_merchants_as_reference_data()
    {
        Domain.Name.Should().Be("card_payments");
        Domain.Entity.Key.Should().Be("authorization_id");
        Domain.Entity.Noun.Should().Be("authorization");
        Domain.Entity.KnownBy.Should().Be("authorization_requested");
        Domain.Entity.PartitionKey.Should().Be("card_id");
        Domain.Entity.ReferenceKeys.Should().Equal("merchant_id");
        Domain.Label.Should().Be(new LabelDefinition("chargeback_within_60d", "chargeback", "no_chargeback"));
        Domain.TransformVersion.Should().Be("card-payments-1.0.0");
    }

    [Fact]
    public void Authorization_events_reach_their_card_through_the_request()
    {
        Domain.LinkOf("authorization_id").Should().Be("authorization_requested");
        Domain.LinkOf("card_id").Should().BeNull("card events carry the partition key themselves");
        Domain.LinkOf("merchant_id").Should().BeNull("merchant scores are reference data");
    }

    [Fact]
    public void Schema_declares_the_four_event_types_with_their_keys_and_roles()
    {
        EventSchema schema = Domain.Schema;

        schema.Types.Select(t => t.Name).Should().Equal("authorization_requested", "merchant_risk_scored", "chargeback_filed", "card_blocked");
        schema.Types.Select(t => t.IsOutcome).Should().Equal(false, false, true, false);
        schema.KeyFields.Should().Equal("authorization_id", "card_id", "merchant_id");
        schema["authorization_requested"].Keys.Select(k => k.Name).Should().Equal("authorization_id", "card_id");
        schema["merchant_risk_scored"].Keys.Select(k => k.Name).Should().Equal("merchant_id");
        schema["chargeback_filed"].Keys.Select(k => k.Name).Should().Equal("authorization_id");
        schema["card_blocked"].Keys.Select(k => k.Name).Should().Equal("card_id");
        schema.FieldNames.Should().Equal(
            "type", "occurred_at", "recorded_at", "event_id",
            "authorization_id", "card_id", "merchant_id", "amount", "currency", "country", "card_present", "risk_score");
    }

    [Fact]
    public void A_request_must_name_its_identity_but_may_leave_the_row_values_null()
    {
        EventTypeSchema requested = Domain.Schema["authorization_requested"];

        requested.Fields.Select(f => (f.Name, f.Type, f.Presence)).Should().Equal(
            ("authorization_id", EventFieldType.Text, FieldPresence.Required),
            ("card_id", EventFieldType.Text, FieldPresence.Required),
            ("merchant_id", EventFieldType.Text, FieldPresence.Required),
            ("amount", EventFieldType.Number, FieldPresence.Nullable),
            ("currency", EventFieldType.Text, FieldPresence.Required),
            ("country", EventFieldType.Text, FieldPresence.Nullable),
            ("card_present", EventFieldType.Boolean, FieldPresence.Nullable));
        requested.Field("merchant_id").IsKey.Should().BeFalse("a type keyed by a reference key and the partition key is refused by the core");
    }

    [Fact]
    public void Schema_creates_a_request_with_a_null_amount_and_reads_every_field_back()
    {
        EventTypeSchema type = Domain.Schema["authorization_requested"];
        EventFieldValue[] values =
        [
            EventFieldValue.OfText("A-9"), EventFieldValue.OfText("C-9"), EventFieldValue.OfText("M-9"),
            EventFieldValue.None(EventFieldType.Number), EventFieldValue.OfText("USD"), EventFieldValue.OfText("US"),
            EventFieldValue.OfBoolean(true),
        ];

        DomainEvent created = type.Create(Nine, Nine + Hours(1), "e-9", values);

        created.Should().Be(new AuthorizationRequested("A-9", "C-9", "M-9", Nine, null, "USD", "US", true, Nine + Hours(1), "e-9"));
        Enumerable.Range(0, values.Length).Select(i => type.ValueOf(created, i)).Should().Equal(values);
    }

    [Fact]
    public void Schema_refuses_a_request_without_currency()
    {
        EventFieldValue[] values =
        [
            EventFieldValue.OfText("A-9"), EventFieldValue.OfText("C-9"), EventFieldValue.OfText("M-9"),
            EventFieldValue.OfNumber(1), EventFieldValue.None(EventFieldType.Text), EventFieldValue.OfText("US"),
            EventFieldValue.OfBoolean(true),
        ];

        Action create = () => Domain.Schema["authorization_requested"].Create(Nine, null, null, values);

        create.Should().Throw<ArgumentException>().WithMessage("*authorization_requested.currency*required*");
    }

    [Fact]
    public void Store_files_a_request_under_its_authorization_and_its_card_but_not_its_merchant()
    {
        HistoryStore store = Store(Requested(eventId: "req-1"), Risk(0.3, Nine, eventId: "risk-1"), Chargeback(Nine + Hours(1)), Blocked(Nine));

        store.History("authorization_id", AuthorizationId).Events.Select(e => e.EventType).Should().Equal("authorization_requested", "chargeback_filed");
        store.History("card_id", CardId).Events.Select(e => e.EventType).Should().Equal("authorization_requested", "card_blocked");
        store.History("merchant_id", MerchantId).Events.Select(e => e.EventType).Should().Equal("merchant_risk_scored");
        store.EventCount.Should().Be(4);
    }

    [Fact]
    public void Example_row_built_through_a_store_has_every_feature_of_V1()
    {
        FeatureRow row = CardFraudTransform.V1.BuildRow(Store(Example()), AuthorizationId, Nine).GetRowOrThrow();

        row.EntityId.Should().Be("A-1");
        row.PredictionInstant.Should().Be(Nine);
        row.ContractName.Should().Be("card_fraud");
        row.ContractVersion.Should().Be(1);
        row.TransformVersion.Should().Be("card-payments-1.0.0");
        row.ColumnValues().Should().Equal(
            FeatureValue.Numeric(120.5),
            FeatureValue.Numeric(6),
            FeatureValue.Numeric(2),
            FeatureValue.Numeric(0.3),
            FeatureValue.Categorical("DE"),
            FeatureValue.Bool(false),
            FeatureValue.Numeric(0),
            FeatureValue.Numeric(0));
        row.Schema.Columns.Select(c => c.Name).Should().Equal(
            "amount", "hours_since_previous_authorization", "authorizations_on_card_24h", "merchant_risk", "country", "card_present",
            "merchant_risk_missing", "country_missing");
        row.Cells.Should().OnlyContain(c => c.Notes == CellNotes.None);
    }

    [Fact]
    public void Example_row_names_the_events_each_value_came_from()
    {
        FeatureRow row = AcceptedRow(Nine, Example());
        var request = new LineageEntry("authorization_requested", "req-1", Nine, Nine);
        var previous = new LineageEntry("authorization_requested", "A-0", Nine - Hours(6), Nine - Hours(6));

        row["amount"].Lineage.Should().Equal(request);
        row["country"].Lineage.Should().Equal(request);
        row["card_present"].Lineage.Should().Equal(request);
        row["hours_since_previous_authorization"].Lineage.Should().Equal(previous, request);
        row["authorizations_on_card_24h"].Lineage.Should().Equal(request);
        row["merchant_risk"].Lineage.Should().Equal(new LineageEntry("merchant_risk_scored", "risk-1", At("2026-05-01T07:00Z"), At("2026-05-01T07:00Z")));
        row["merchant_risk"].FreshnessLag.Should().Be(Duration.FromHours(2));
    }

    [Fact]
    public void Transform_of_the_domain_reads_only_fields_the_schema_declares_as_predictors()
    {
        CardFraudTransform.V1.Domain.Should().BeSameAs(Domain);
        CardFraudTransform.V1.Contract.Should().BeSameAs(CardFraudContract.V1);
        CardFraudTransform.V1.Contract.Features.SelectMany(f => f.Inputs).Should().OnlyContain(i => i.Role == FieldRole.Predictor);
    }
}
