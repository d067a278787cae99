using System;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Sources;

namespace FeatureContracts.Shipments.Tests.Contract;

public sealed class StaticLeakageGateTests
{
    [Fact]
    public void Delivery_instant_as_input_fails_the_build_naming_feature_and_field()
    {
        var deliveryHour = ValueSource.Numeric<ShipmentView>("delivery_hour", [ShipmentFields.DeliveredAt], _ => Observation<double>.Missing());
        Action build = () => FeatureContract.Define<ShipmentView>("leaky", 1)
            .Numeric("delivery_hour", f => f.From(deliveryHour).RejectIfMissing().RejectOutside(0, 24))
            .Build();

        ContractDefinitionException error = build.Should().Throw<ContractDefinitionException>().Which;

        ContractProblem problem = error.Problems.Should().ContainSingle().Which;
        problem.Feature.Should().Be("delivery_hour");
        problem.Code.Should().Be(ContractProblemCode.OutcomeFieldAsInput);
        problem.Message.Should().Contain("delivered.occurred_at");
        error.Message.Should().Contain("delivery_hour").And.Contain("delivered.occurred_at");
    }

    [Fact]
    public void Complaint_instant_as_input_fails_the_build_naming_feature_and_field()
    {
        var complaintHour = ValueSource.Numeric<ShipmentView>("complaint_hour", [ShipmentFields.ComplaintAt], _ => Observation<double>.Missing());
        Action build = () => FeatureContract.Define<ShipmentView>("leaky", 1)
            .Numeric("complaint_hour", f => f.From(complaintHour).RejectIfMissing().RejectOutside(0, 24))
            .Build();

        ContractProblem problem = build.Should().Throw<ContractDefinitionException>().Which.Problems.Should().ContainSingle().Which;

        problem.Feature.Should().Be("complaint_hour");
        problem.Code.Should().Be(ContractProblemCode.OutcomeFieldAsInput);
        problem.Message.Should().Contain("complaint.occurred_at");
    }

    [Fact]
    public void Label_as_input_fails_the_build_naming_feature_and_field()
    {
        var label = ValueSource.Boolean<ShipmentView>("label_echo", [ShipmentFields.Label], _ => Observation<bool>.Missing());
        Action build = () => FeatureContract.Define<ShipmentView>("leaky", 1)
            .Boolean("was_late", f => f.From(label).DefaultWhereSourceDeclaresAbsence(false))
            .Build();

        ContractDefinitionException error = build.Should().Throw<ContractDefinitionException>().Which;

        error.Problems.Should().ContainSingle(p => p.Code == ContractProblemCode.OutcomeFieldAsInput)
            .Which.Should().Match<ContractProblem>(p => p.Feature == "was_late" && p.Message.Contains("label.delivered_after_promise"));
    }

    [Fact]
    public void Outcome_field_mixed_with_predictor_fields_still_fails_the_build()
    {
        var mixed = ValueSource.Numeric<ShipmentView>(
            "distance_and_delivery", [ShipmentFields.DistanceKm, ShipmentFields.DeliveredAt], _ => Observation<double>.Missing());
        Action build = () => LateDeliveryContract.DefineV1()
            .Numeric("distance_delivery_mix", f => f.From(mixed).RejectIfMissing().RejectOutside(0, 1))
            .Build();

        ContractProblem problem = build.Should().Throw<ContractDefinitionException>().Which.Problems.Should().ContainSingle().Which;

        problem.Feature.Should().Be("distance_delivery_mix");
        problem.Code.Should().Be(ContractProblemCode.OutcomeFieldAsInput);
        problem.Message.Should().Contain("delivered.occurred_at");
    }

    [Fact]
    public void Shipment_fields_declare_exactly_the_outcome_facts_as_outcome_only()
    {
        InputField[] outcomeOnly = [ShipmentFields.DeliveredAt, ShipmentFields.ComplaintAt, ShipmentFields.Label];
        InputField[] predictors =
        [
            ShipmentFields.DistanceKm, ShipmentFields.Carrier, ShipmentFields.Expedited, ShipmentFields.Origin,
            ShipmentFields.ScanOccurredAt, ShipmentFields.QueueLength,
        ];

        outcomeOnly.Select(f => f.QualifiedName).Should().Equal("delivered.occurred_at", "complaint.occurred_at", "label.delivered_after_promise");
        outcomeOnly.Should().OnlyContain(f => f.Role == FieldRole.OutcomeOnly);
        predictors.Should().OnlyContain(f => f.Role == FieldRole.Predictor);
    }

    [Fact]
    public void V1_reads_no_outcome_only_field()
    {
        LateDeliveryContract.V1.Features.SelectMany(f => f.Inputs).Should().OnlyContain(i => i.Role == FieldRole.Predictor);
    }
}
