using System;
using System.Linq;
using System.Reflection;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.CardFraud.Histories;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Sources;

namespace FeatureContracts.CardFraud.Tests.Contract;

/// <summary>Chargebacks are outcome-only: no contract over the card-payment view can read them.</summary>
public sealed class StaticLeakageGateTests
{
    [Fact]
    public void Chargeback_instant_as_input_fails_the_build_naming_feature_and_field()
    {
        var daysToChargeback = ValueSource.Numeric<AuthorizationView>("days_to_chargeback", [CardFraudFields.ChargebackAt], _ => Observation<double>.Missing());
        Action build = () => CardFraudContract.DefineV1()
            .Numeric("days_to_chargeback", f => f.From(daysToChargeback).FillMissingWith(0).RejectOutside(0, 60))
            .Build();

        ContractDefinitionException error = build.Should().Throw<ContractDefinitionException>().Which;

        ContractProblem problem = error.Problems.Should().ContainSingle().Which;
        problem.Feature.Should().Be("days_to_chargeback");
        problem.Code.Should().Be(ContractProblemCode.OutcomeFieldAsInput);
        problem.Message.Should().Contain("chargeback_filed.occurred_at");
        error.Message.Should().Contain("days_to_chargeback").And.Contain("chargeback_filed.occurred_at");
    }

    [Fact]
    public void Chargeback_field_declared_as_a_predictor_is_refused_by_the_transform_naming_feature_and_field()
    {
        var disguised = ValueSource.Boolean<AuthorizationView>(
            "charged_back", [InputField.Predictor("chargeback_filed", "occurred_at")], _ => Observation<bool>.Present(false));
        FeatureContract<AuthorizationView> contract = FeatureContract.Define<AuthorizationView>("disguised", 1)
            .Boolean("charged_back", f => f.From(disguised).RejectIfMissing())
            .Build();

        Action create = () => _ = new CardFraudTransform(contract);

        create.Should().Throw<ArgumentException>().WithMessage("*charged_back*chargeback_filed.occurred_at*outcome-only*");
    }

    [Fact]
    public void Card_fraud_fields_declare_exactly_the_chargeback_as_outcome_only()
    {
        InputField[] predictors =
        [
            CardFraudFields.Amount, CardFraudFields.Country, CardFraudFields.CardPresent, CardFraudFields.CardId,
            CardFraudFields.MerchantId, CardFraudFields.RequestedAt, CardFraudFields.RiskScore, CardFraudFields.BlockedAt,
        ];

        CardFraudFields.ChargebackAt.Role.Should().Be(FieldRole.OutcomeOnly);
        predictors.Should().OnlyContain(f => f.Role == FieldRole.Predictor);
    }

    [Fact]
    public void Every_source_of_the_catalog_reads_only_predictors()
    {
        CardFraudSources.Catalog.Sources.SelectMany(s => s.Inputs).Should().OnlyContain(i => i.Role == FieldRole.Predictor);
    }

    [Fact]
    public void The_view_has_no_member_that_reaches_a_chargeback_or_a_whole_history()
    {
        Type[] reachable = [.. typeof(AuthorizationView).GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => m switch { PropertyInfo p => p.PropertyType, MethodInfo method => method.ReturnType, _ => typeof(void) })];

        reachable.Should().NotContain([typeof(ChargebackFiled), typeof(EntityHistory), typeof(IHistoryLookup)]);
    }
}
