using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.CardFraud.Histories;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Serialization;
using FeatureContracts.Vectors;
using static FeatureContracts.CardFraud.Tests.Builders;

namespace FeatureContracts.CardFraud.Tests.Contract;

/// <summary>The card-fraud contract as declared, as a vector layout and as JSON.</summary>
public sealed class CardFraudContractTests
{
    private static readonly string V1Json = ContractJson.Write(CardFraudContract.V1);

    private static string GoldenPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FeatureContracts.sln")))
        {
            directory = directory.Parent;
        }

        string root = directory?.FullName ?? throw new InvalidOperationException("FeatureContracts.sln not found above the test binaries.");
        return Path.Combine(root, "tests", "FeatureContracts.CardFraud.Tests", "Contract", "card_fraud_v1.json");
    }

    [Fact]
    public void V1_declares_the_six_features_in_order_with_their_kinds()
    {
        FeatureContract<AuthorizationView> v1 = CardFraudContract.V1;

        v1.Name.Should().Be("card_fraud");
        v1.Version.Should().Be(1);
        v1.Features.Select(f => (f.Name, f.Kind)).Should().Equal(
            ("amount", FeatureKind.Numeric),
            ("hours_since_previous_authorization", FeatureKind.Numeric),
            ("authorizations_on_card_24h", FeatureKind.Numeric),
            ("merchant_risk", FeatureKind.Numeric),
            ("country", FeatureKind.Categorical),
            ("card_present", FeatureKind.Boolean));
        ((CategoricalFeatureDefinition)v1["country"]).Vocabulary.Should().Equal("US", "GB", "DE", "FR", "BR");
    }

    [Fact]
    public void Vectorizer_lays_out_one_slot_per_value_code_and_indicator()
    {
        FeatureVectorizer vectorizer = CardFraudContract.Vectorizer();

        vectorizer.ContractFingerprint.Should().Be(CardFraudContract.V1.Fingerprint);
        vectorizer.Slots.Select(s => s.Name).Should().Equal(
            "amount", "hours_since_previous_authorization", "authorizations_on_card_24h", "merchant_risk", "merchant_risk_missing",
            "country=US", "country=GB", "country=DE", "country=FR", "country=BR", "country=other", "country_missing", "card_present");
    }

    [Fact]
    public void Vectorizer_of_the_example_row()
    {
        double[] vector = CardFraudContract.Vectorizer().Vectorize(AcceptedRow(Nine, Example()));

        vector.Should().Equal(120.5, 6, 2, 0.3, 0, 0, 0, 1, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void V1_is_written_byte_for_byte_as_the_committed_golden_file()
    {
        Encoding.UTF8.GetBytes(V1Json).Should().Equal(File.ReadAllBytes(GoldenPath()));
    }

    [Fact]
    public void The_golden_file_reads_back_as_V1()
    {
        CardFraudContract.FromJson(File.ReadAllText(GoldenPath())).Fingerprint.Should().Be(CardFraudContract.V1.Fingerprint);
    }

    [Fact]
    public void Round_trip_of_V1_keeps_fingerprint_and_sources()
    {
        FeatureContract<AuthorizationView> read = CardFraudContract.FromJson(V1Json);

        read.Fingerprint.Should().Be(CardFraudContract.V1.Fingerprint);
        read.Features.Select(f => f.SourceName).Should().Equal(
            "authorization_amount", "hours_since_previous_card_authorization", "card_authorizations_24h", "merchant_risk_as_of",
            "authorization_country", "authorization_card_present");
    }

    [Fact]
    public void A_contract_file_with_another_max_age_changes_what_counts_as_stale()
    {
        JsonNode root = JsonNode.Parse(V1Json)!;
        JsonNode merchantRisk = root["features"]!.AsArray().Single(f => (string?)f!["name"] == "merchant_risk")!;
        merchantRisk["max_age"] = "2:00:00:00";
        var transform = new CardFraudTransform(CardFraudContract.FromJson(root.ToJsonString()));

        FeatureRow row = transform.BuildRow(Store(Requested(), Risk(0.4, Nine - Hours(30))), AuthorizationId, Nine).GetRowOrThrow();

        row["merchant_risk"].Value.Should().Be(FeatureValue.Numeric(0.4));
        AcceptedRow(Nine, Requested(), Risk(0.4, Nine - Hours(30)))["merchant_risk"].IsMissing.Should().BeTrue("V1 keeps 24 hours");
    }

    [Fact]
    public void A_contract_file_naming_an_unknown_source_is_refused()
    {
        string json = V1Json.Replace("\"merchant_risk_as_of\"", "\"merchant_risk_live\"", StringComparison.Ordinal);

        Action read = () => CardFraudContract.FromJson(json);

        read.Should().Throw<ContractDefinitionException>().Which.Message.Should().Contain("merchant_risk_live");
    }
}
