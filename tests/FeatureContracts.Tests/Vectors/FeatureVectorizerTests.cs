using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using FeatureContracts.Vectors;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Vectors;

public sealed class FeatureVectorizerTests
{
    /// <summary>
    /// distance_km (never missing), origin_backlog (missing with indicator), carrier (vocabulary of two, bucket
    /// "other", missing with indicator), expedited (boolean, never missing).
    /// </summary>
    private static FeatureContract<ToyView> Contract(string name = "toy") => Define(name)
        .Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000))
        .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000))
        .Categorical("carrier", f => f.From(Carrier).Vocabulary("northline", "eastway").MapUnseenTo("other").EmitMissingWithIndicator())
        .Boolean("expedited", f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false))
        .Build();

    private static FeatureVectorizer Vectorizer(FeatureContract contract) => FeatureVectorizer.For(contract).ImputeMissing("origin_backlog", -1).Build();

    private static ToyView View(
        Observation<double>? backlog = null, Observation<string>? carrier = null, Observation<bool>? expedited = null)
        => new(T, "O-1")
        {
            Distance = Seen(620.0),
            Backlog = backlog ?? Seen(18.0),
            Carrier = carrier ?? Seen("eastway"),
            Expedited = expedited ?? Seen(true),
        };

    private static IReadOnlyList<ContractProblem> ProblemsOf(FeatureVectorizerBuilder builder)
        => builder.Invoking(b => b.Build()).Should().Throw<ContractDefinitionException>().Which.Problems;

    // ---- layout --------------------------------------------------------------------------------------------

    [Fact]
    public void Slots_are_value_one_hots_in_vocabulary_order_then_the_unseen_bucket_and_an_indicator_after_each_missable_feature()
    {
        FeatureVectorizer vectorizer = Vectorizer(Contract());

        vectorizer.Slots.Should().Equal(
            new VectorSlot(0, "distance_km", "distance_km", SlotKind.Value),
            new VectorSlot(1, "origin_backlog", "origin_backlog", SlotKind.Value),
            new VectorSlot(2, "origin_backlog_missing", "origin_backlog", SlotKind.MissingIndicator),
            new VectorSlot(3, "carrier=northline", "carrier", SlotKind.OneHot),
            new VectorSlot(4, "carrier=eastway", "carrier", SlotKind.OneHot),
            new VectorSlot(5, "carrier=other", "carrier", SlotKind.UnseenBucket),
            new VectorSlot(6, "carrier_missing", "carrier", SlotKind.MissingIndicator),
            new VectorSlot(7, "expedited", "expedited", SlotKind.Value));
        vectorizer.Length.Should().Be(8);
    }

    [Fact]
    public void Categorical_feature_that_rejects_unseen_codes_has_no_bucket_slot()
    {
        FeatureContract<ToyView> contract = CategoricalContract(f => f.From(Carrier).Vocabulary("northline", "eastway").RejectUnseen().RejectIfMissing());

        FeatureVectorizer.For(contract).Build().Slots.Select(s => s.Name).Should().Equal("carrier=northline", "carrier=eastway");
    }

    [Fact]
    public void Vectorizer_is_bound_to_the_contracts_fingerprint()
    {
        FeatureContract<ToyView> contract = Contract();

        Vectorizer(contract).ContractFingerprint.Should().Be(contract.Fingerprint);
    }

    // ---- values --------------------------------------------------------------------------------------------

    [Fact]
    public void Present_values_fill_their_slots_with_booleans_as_1_or_0_and_one_hot_categories()
    {
        FeatureContract<ToyView> contract = Contract();

        double[] vector = Vectorizer(contract).Vectorize(contract.Accept(View()));

        vector.Should().Equal(620, 18, 0, 0, 1, 0, 0, 1);
    }

    [Fact]
    public void False_boolean_is_0()
    {
        FeatureContract<ToyView> contract = Contract();

        double[] vector = Vectorizer(contract).Vectorize(contract.Accept(View(expedited: Seen(false))));

        vector[7].Should().Be(0);
    }

    [Fact]
    public void Unseen_category_sets_only_the_bucket_slot()
    {
        FeatureContract<ToyView> contract = Contract();

        double[] vector = Vectorizer(contract).Vectorize(contract.Accept(View(carrier: Seen("westco"))));

        vector[3..7].Should().Equal(0, 0, 1, 0);
    }

    [Fact]
    public void Missing_numeric_takes_the_declared_imputation_and_its_indicator_is_1()
    {
        FeatureContract<ToyView> contract = Contract();

        double[] vector = Vectorizer(contract).Vectorize(contract.Accept(View(backlog: Observation<double>.Missing())));

        vector[1..3].Should().Equal(-1, 1);
    }

    [Fact]
    public void Missing_categorical_sets_every_one_hot_to_0_and_its_indicator_to_1()
    {
        FeatureContract<ToyView> contract = Contract();

        double[] vector = Vectorizer(contract).Vectorize(contract.Accept(View(carrier: Observation<string>.Missing())));

        vector[3..7].Should().Equal(0, 0, 0, 1);
    }

    [Fact]
    public void Missing_boolean_with_an_indicator_takes_the_declared_imputation()
    {
        FeatureContract<ToyView> contract = BooleanContract(f => f.From(Expedited).EmitMissingWithIndicator());
        FeatureVectorizer vectorizer = FeatureVectorizer.For(contract).ImputeMissing("expedited", 0.5).Build();

        vectorizer.Vectorize(contract.Accept(new ToyView(T))).Should().Equal(0.5, 1);
        vectorizer.Vectorize(contract.Accept(new ToyView(T) { Expedited = Seen(true) })).Should().Equal(1, 0);
    }

    [Fact]
    public void Span_overload_writes_the_same_as_the_array_overload()
    {
        FeatureContract<ToyView> contract = Contract();
        FeatureVectorizer vectorizer = Vectorizer(contract);
        FeatureRow row = contract.Accept(View(backlog: Observation<double>.Missing(), carrier: Seen("westco")));

        Span<double> destination = stackalloc double[vectorizer.Length];
        vectorizer.Vectorize(row, destination);

        destination.ToArray().Should().Equal(vectorizer.Vectorize(row));
    }

    [Fact]
    public void Span_overload_overwrites_stale_slot_values()
    {
        FeatureContract<ToyView> contract = Contract();
        FeatureVectorizer vectorizer = Vectorizer(contract);
        double[] destination = Enumerable.Repeat(9.0, vectorizer.Length).ToArray();

        vectorizer.Vectorize(contract.Accept(View(carrier: Observation<string>.Missing())), destination);

        destination.Should().Equal(620, 18, 0, 0, 0, 0, 1, 1);
    }

    [Fact]
    public void Span_overload_rejects_a_destination_that_is_too_short()
    {
        FeatureContract<ToyView> contract = Contract();
        FeatureVectorizer vectorizer = Vectorizer(contract);
        FeatureRow row = contract.Accept(View());

        vectorizer.Invoking(v => v.Vectorize(row, new double[vectorizer.Length - 1].AsSpan()))
            .Should().Throw<ArgumentException>().WithParameterName("destination");
    }

    [Fact]
    public void Row_built_under_another_contract_fingerprint_is_an_ArgumentException()
    {
        FeatureContract<ToyView> other = NumericContract(f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000));
        FeatureRow foreignRow = other.Accept(View());

        Vectorizer(Contract()).Invoking(v => v.Vectorize(foreignRow)).Should().Throw<ArgumentException>().WithParameterName("row");
    }

    // ---- layout problems -------------------------------------------------------------------------------------

    [Fact]
    public void Missable_numeric_without_ImputeMissing_is_ImputationNotDeclared()
    {
        ContractProblem problem = ProblemsOf(FeatureVectorizer.For(Contract())).Should().ContainSingle().Subject;

        problem.Feature.Should().Be("origin_backlog");
        problem.Code.Should().Be(ContractProblemCode.ImputationNotDeclared);
        problem.Message.Should().Contain("ImputeMissing");
    }

    [Fact]
    public void Missable_boolean_without_ImputeMissing_is_ImputationNotDeclared()
    {
        FeatureContract<ToyView> contract = BooleanContract(f => f.From(Expedited).EmitMissingWithIndicator());

        ProblemsOf(FeatureVectorizer.For(contract)).Pairs().Should().Equal(("expedited", ContractProblemCode.ImputationNotDeclared));
    }

    [Fact]
    public void Imputation_declared_twice_for_one_feature_is_PolicyDeclaredTwice()
    {
        IReadOnlyList<ContractProblem> problems = ProblemsOf(FeatureVectorizer.For(Contract()).ImputeMissing("origin_backlog", -1).ImputeMissing("origin_backlog", 3));

        problems.Pairs().Should().Equal(("origin_backlog", ContractProblemCode.PolicyDeclaredTwice));
    }

    [Fact]
    public void Imputation_for_an_unknown_feature_is_UnknownFeature()
    {
        IReadOnlyList<ContractProblem> problems = ProblemsOf(FeatureVectorizer.For(Contract()).ImputeMissing("origin_backlog", -1).ImputeMissing("eta", 0));

        ContractProblem problem = problems.Should().ContainSingle().Subject;
        problem.Feature.Should().Be("eta");
        problem.Code.Should().Be(ContractProblemCode.UnknownFeature);
        problem.Message.Should().Contain("'eta'");
    }

    [Fact]
    public void Imputation_for_a_feature_that_is_rejected_when_missing_is_InvalidImputation()
    {
        IReadOnlyList<ContractProblem> problems = ProblemsOf(FeatureVectorizer.For(Contract()).ImputeMissing("origin_backlog", -1).ImputeMissing("distance_km", 0));

        problems.Pairs().Should().Equal(("distance_km", ContractProblemCode.InvalidImputation));
        problems[0].Message.Should().Contain("RejectRow");
    }

    [Fact]
    public void Imputation_for_a_filled_feature_is_InvalidImputation()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).FillMissingWith(168).CapAt(168), "hours_since_last_scan");

        ProblemsOf(FeatureVectorizer.For(contract).ImputeMissing("hours_since_last_scan", 0)).Pairs()
            .Should().Equal(("hours_since_last_scan", ContractProblemCode.InvalidImputation));
    }

    [Fact]
    public void Imputation_for_a_categorical_feature_is_InvalidImputation()
    {
        IReadOnlyList<ContractProblem> problems = ProblemsOf(FeatureVectorizer.For(Contract()).ImputeMissing("origin_backlog", -1).ImputeMissing("carrier", 0));

        problems.Pairs().Should().Equal(("carrier", ContractProblemCode.InvalidImputation));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_imputation_is_InvalidImputation(double slotValue)
    {
        IReadOnlyList<ContractProblem> problems = ProblemsOf(FeatureVectorizer.For(Contract()).ImputeMissing("origin_backlog", slotValue));

        problems.Pairs().Should().Equal(("origin_backlog", ContractProblemCode.InvalidImputation));
        problems[0].Message.Should().Contain("finite");
    }

    [Fact]
    public void Every_layout_problem_is_reported_at_once()
    {
        IReadOnlyList<ContractProblem> problems = ProblemsOf(FeatureVectorizer.For(Contract()).ImputeMissing("distance_km", 0).ImputeMissing("eta", 0));

        problems.Pairs().Should().BeEquivalentTo(new (string?, ContractProblemCode)[]
        {
            ("distance_km", ContractProblemCode.InvalidImputation),
            ("origin_backlog", ContractProblemCode.ImputationNotDeclared),
            ("eta", ContractProblemCode.UnknownFeature),
        });
    }

    [Fact]
    public void Building_twice_throws_InvalidOperationException()
    {
        FeatureVectorizerBuilder builder = FeatureVectorizer.For(Contract()).ImputeMissing("origin_backlog", -1);
        builder.Build();

        builder.Invoking(b => b.Build()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Missing_value_vector_is_the_same_whatever_the_missing_reason()
    {
        // A value beyond its max age and a value never seen vectorize identically: missing is missing.
        FeatureContract<ToyView> contract = Define()
            .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000).MaxAge(Duration.FromHours(6)))
            .Build();
        FeatureVectorizer vectorizer = FeatureVectorizer.For(contract).ImputeMissing("origin_backlog", -1).Build();

        double[] stale = vectorizer.Vectorize(contract.Accept(new ToyView(T) { Backlog = Seen(18.0, T - Duration.FromHours(7)) }));
        double[] never = vectorizer.Vectorize(contract.Accept(new ToyView(T)));

        stale.Should().Equal(-1, 1);
        never.Should().Equal(-1, 1);
    }

    // ---- one row as feature values (as a training file holds it) ------------------------------------------

    [Fact]
    public void Feature_values_overload_writes_the_same_vector_as_the_row_overload()
    {
        FeatureContract<ToyView> contract = Contract();
        FeatureVectorizer vectorizer = Vectorizer(contract);
        FeatureRow[] rows =
        [
            contract.Accept(View()),
            contract.Accept(View(backlog: Observation<double>.Missing(), carrier: Seen("westco"), expedited: Seen(false))),
            contract.Accept(View(carrier: Observation<string>.Missing())),
        ];

        foreach (FeatureRow row in rows)
        {
            FeatureValue[] values = row.Cells.Select(c => c.Value).ToArray();
            var destination = new double[vectorizer.Length + 2];
            destination.AsSpan().Fill(9);
            vectorizer.Vectorize(values, destination);
            destination[..vectorizer.Length].Should().Equal(vectorizer.Vectorize(row));
            destination[vectorizer.Length..].Should().Equal(9, 9);
        }
    }

    [Fact]
    public void Feature_values_overload_refuses_a_wrong_number_of_values()
    {
        FeatureVectorizer vectorizer = Vectorizer(Contract());

        vectorizer.Invoking(v => v.Vectorize([FeatureValue.Numeric(1)], new double[8]))
            .Should().Throw<ArgumentException>().WithMessage("*4 features; 1 values*");
    }

    [Fact]
    public void Feature_values_overload_refuses_a_value_of_another_kind_naming_the_feature()
    {
        FeatureVectorizer vectorizer = Vectorizer(Contract());
        FeatureValue[] values = [FeatureValue.Numeric(620), FeatureValue.Bool(true), FeatureValue.Categorical("eastway"), FeatureValue.Bool(true)];

        vectorizer.Invoking(v => v.Vectorize(values, new double[8]))
            .Should().Throw<ArgumentException>().WithMessage("*'origin_backlog' is Numeric*Boolean*");
    }

    [Fact]
    public void Feature_values_overload_refuses_a_default_value_naming_the_feature_never_writing_a_zero()
    {
        FeatureVectorizer vectorizer = Vectorizer(Contract());
        FeatureValue[] values = [FeatureValue.Numeric(620), default, FeatureValue.Categorical("eastway"), FeatureValue.Bool(true)];
        double[] destination = new double[8];

        vectorizer.Invoking(v => v.Vectorize(values, destination))
            .Should().Throw<ArgumentException>()
            .WithMessage("Feature 'origin_backlog' holds default(FeatureValue), which is no value: neither a Numeric value nor missing.*");
    }

    [Fact]
    public void Feature_values_overload_refuses_an_unfilled_array()
    {
        FeatureVectorizer vectorizer = Vectorizer(Contract());

        vectorizer.Invoking(v => v.Vectorize(new FeatureValue[4], new double[8]))
            .Should().Throw<ArgumentException>().WithMessage("Feature 'distance_km' holds default(FeatureValue)*");
    }

    [Fact]
    public void Feature_values_overload_refuses_a_category_without_a_slot()
    {
        FeatureVectorizer vectorizer = Vectorizer(Contract());
        FeatureValue[] values = [FeatureValue.Numeric(620), FeatureValue.Numeric(18), FeatureValue.Categorical("westco"), FeatureValue.Bool(true)];

        vectorizer.Invoking(v => v.Vectorize(values, new double[8]))
            .Should().Throw<ArgumentException>().WithMessage("*'carrier'*'westco'*");
    }

    [Fact]
    public void Feature_values_overload_refuses_a_missing_value_for_a_feature_that_is_never_missing()
    {
        FeatureVectorizer vectorizer = Vectorizer(Contract());
        FeatureValue[] values = [FeatureValue.Missing(FeatureKind.Numeric), FeatureValue.Numeric(18), FeatureValue.Categorical("eastway"), FeatureValue.Bool(true)];

        vectorizer.Invoking(v => v.Vectorize(values, new double[8]))
            .Should().Throw<ArgumentException>().WithMessage("*'distance_km' is never missing*");
    }

    [Fact]
    public void Vectorizer_names_its_contract_and_version()
    {
        FeatureVectorizer vectorizer = Vectorizer(Contract("named"));

        (vectorizer.ContractName, vectorizer.ContractVersion).Should().Be(("named", 1));
    }
}
