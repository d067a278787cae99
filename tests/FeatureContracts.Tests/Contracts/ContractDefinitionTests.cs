using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Contracts;

public sealed class ContractDefinitionTests
{
    private static ContractProblem SingleProblem(FeatureContractBuilder<ToyView> builder)
        => ProblemsOf(builder).Should().ContainSingle().Subject;

    private static FeatureContractBuilder<ToyView> WithValidDistance(FeatureContractBuilder<ToyView> builder)
        => builder.Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000));

    // ---- contract-level problems ------------------------------------------------------------

    [Theory]
    [InlineData("Late Delivery")]
    [InlineData("LateDelivery")]
    [InlineData("1st_contract")]
    [InlineData("late-delivery")]
    [InlineData("")]
    public void Contract_name_that_is_not_lower_snake_case_is_InvalidContractName(string name)
    {
        ContractProblem problem = SingleProblem(WithValidDistance(Define(name)));

        problem.Code.Should().Be(ContractProblemCode.InvalidContractName);
        problem.Feature.Should().BeNull();
        problem.Message.Should().Contain($"'{name}'");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Version_that_is_not_positive_is_InvalidVersion(int version)
    {
        ContractProblem problem = SingleProblem(WithValidDistance(Define(version: version)));

        problem.Code.Should().Be(ContractProblemCode.InvalidVersion);
        problem.Feature.Should().BeNull();
        problem.Message.Should().Contain($"version {version}");
    }

    [Fact]
    public void Contract_without_features_is_NoFeatures()
    {
        ContractProblem problem = SingleProblem(Define());

        problem.Code.Should().Be(ContractProblemCode.NoFeatures);
        problem.Feature.Should().BeNull();
        problem.Message.Should().Contain("no feature");
    }

    // ---- names --------------------------------------------------------------------------------

    [Theory]
    [InlineData("DistanceKm")]
    [InlineData("distance km")]
    [InlineData("_distance")]
    [InlineData("2nd_distance")]
    [InlineData("distance-km")]
    public void Feature_name_that_is_not_lower_snake_case_is_InvalidFeatureName(string name)
    {
        ContractProblem problem = SingleProblem(Define().Numeric(name, f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000)));

        problem.Code.Should().Be(ContractProblemCode.InvalidFeatureName);
        problem.Feature.Should().Be(name);
        problem.Message.Should().Contain($"'{name}'");
    }

    [Fact]
    public void Indicator_name_that_is_not_lower_snake_case_is_InvalidFeatureName()
    {
        ContractProblem problem = SingleProblem(
            Define().Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator("Backlog-Missing").ClampTo(0, 1000)));

        problem.Code.Should().Be(ContractProblemCode.InvalidFeatureName);
        problem.Feature.Should().Be("origin_backlog");
        problem.Message.Should().Contain("'Backlog-Missing'");
    }

    [Fact]
    public void Two_features_with_the_same_name_are_DuplicateFeatureName()
    {
        ContractProblem problem = SingleProblem(
            Define()
                .Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000))
                .Numeric("distance_km", f => f.From(Backlog).RejectIfMissing().RejectOutside(0, 10)));

        problem.Code.Should().Be(ContractProblemCode.DuplicateFeatureName);
        problem.Feature.Should().Be("distance_km");
        problem.Message.Should().Contain("2 times");
    }

    [Fact]
    public void Indicator_column_named_like_another_feature_is_DuplicateFeatureName()
    {
        ContractProblem problem = SingleProblem(
            WithValidDistance(Define())
                .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator("distance_km").ClampTo(0, 1000)));

        problem.Code.Should().Be(ContractProblemCode.DuplicateFeatureName);
        problem.Feature.Should().Be("origin_backlog");
        problem.Message.Should().Contain("'distance_km'");
    }

    [Fact]
    public void Default_indicator_column_colliding_with_a_feature_named_like_it_is_DuplicateFeatureName()
    {
        ContractProblem problem = SingleProblem(
            Define()
                .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000))
                .Numeric("origin_backlog_missing", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 1)));

        problem.Code.Should().Be(ContractProblemCode.DuplicateFeatureName);
        problem.Feature.Should().Be("origin_backlog");
        problem.Message.Should().Contain("'origin_backlog_missing'");
    }

    [Fact]
    public void Two_indicator_columns_with_the_same_name_are_DuplicateFeatureName()
    {
        ContractProblem problem = SingleProblem(
            Define()
                .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator("any_missing").ClampTo(0, 1000))
                .Categorical("carrier", f => f.From(Carrier).Vocabulary("northline").MapUnseenTo("other").EmitMissingWithIndicator("any_missing")));

        problem.Code.Should().Be(ContractProblemCode.DuplicateFeatureName);
        problem.Feature.Should().Be("carrier");
        problem.Message.Should().Contain("'any_missing'");
    }

    // ---- sources and the static leakage gate --------------------------------------------------

    [Fact]
    public void Feature_without_a_value_source_is_MissingValueSource()
    {
        ContractProblem problem = SingleProblem(Define().Numeric("distance_km", f => f.RejectIfMissing().RejectOutside(0, 5000)));

        problem.Code.Should().Be(ContractProblemCode.MissingValueSource);
        problem.Feature.Should().Be("distance_km");
        problem.Message.Should().Contain("From(");
    }

    [Fact]
    public void Feature_reading_an_outcome_only_field_is_OutcomeFieldAsInput_naming_the_feature_and_the_field()
    {
        FeatureContractBuilder<ToyView> builder =
            Define().Numeric("hours_to_delivery", f => f.From(HoursToDelivery).RejectIfMissing().RejectOutside(0, 1000));

        ContractDefinitionException ex = builder.Invoking(b => b.Build()).Should().Throw<ContractDefinitionException>().Which;

        ContractProblem problem = ex.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(ContractProblemCode.OutcomeFieldAsInput);
        problem.Feature.Should().Be("hours_to_delivery");
        problem.Message.Should().Contain("delivered.occurred_at");
        problem.Message.Should().NotContain("order_placed.distance_km", "the predictor input of the same source is fine");
        ex.Message.Should().Contain("hours_to_delivery").And.Contain("delivered.occurred_at");
    }

    [Fact]
    public void Every_outcome_only_input_of_a_source_is_reported()
    {
        ValueSource<ToyView, double> twoLeaks = ValueSource.Numeric<ToyView>(
            "toy.two_leaks", [InputField.OutcomeOnly("delivered", "occurred_at"), InputField.OutcomeOnly("complaint", "occurred_at")], v => v.Distance);

        IReadOnlyList<ContractProblem> problems =
            ProblemsOf(Define().Numeric("leaky", f => f.From(twoLeaks).RejectIfMissing().RejectOutside(0, 1)));

        problems.Pairs().Should().Equal(("leaky", ContractProblemCode.OutcomeFieldAsInput), ("leaky", ContractProblemCode.OutcomeFieldAsInput));
        problems.Select(p => p.Message).Should().Contain(m => m.Contains("delivered.occurred_at"))
            .And.Contain(m => m.Contains("complaint.occurred_at"));
    }

    // ---- policies -----------------------------------------------------------------------------

    [Fact]
    public void Feature_without_a_missing_rule_is_MissingRuleNotDeclared()
    {
        ContractProblem problem = SingleProblem(Define().Numeric("distance_km", f => f.From(Distance).RejectOutside(0, 5000)));

        problem.Code.Should().Be(ContractProblemCode.MissingRuleNotDeclared);
        problem.Feature.Should().Be("distance_km");
        problem.Message.Should().Contain("missing-value rule");
    }

    [Fact]
    public void Missing_rule_declared_twice_is_PolicyDeclaredTwice()
    {
        ContractProblem problem = SingleProblem(
            Define().Numeric("distance_km", f => f.From(Distance).RejectIfMissing().FillMissingWith(1).RejectOutside(0, 5000)));

        problem.Code.Should().Be(ContractProblemCode.PolicyDeclaredTwice);
        problem.Feature.Should().Be("distance_km");
        problem.Message.Should().Contain("missing-value rule");
    }

    [Fact]
    public void Range_declared_twice_is_PolicyDeclaredTwice()
    {
        ContractProblem problem = SingleProblem(
            Define().Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000).CapAt(100)));

        problem.Code.Should().Be(ContractProblemCode.PolicyDeclaredTwice);
        problem.Feature.Should().Be("distance_km");
        problem.Message.Should().Contain("range");
    }

    [Fact]
    public void Value_source_declared_twice_is_PolicyDeclaredTwice()
    {
        ContractProblem problem = SingleProblem(
            Define().Numeric("distance_km", f => f.From(Distance).From(Backlog).RejectIfMissing().RejectOutside(0, 5000)));

        problem.Code.Should().Be(ContractProblemCode.PolicyDeclaredTwice);
        problem.Feature.Should().Be("distance_km");
        problem.Message.Should().Contain("value source");
    }

    [Fact]
    public void Max_age_declared_twice_is_PolicyDeclaredTwice()
    {
        ContractProblem problem = SingleProblem(Define().Numeric(
            "origin_backlog",
            f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000).MaxAge(Duration.FromHours(6)).MaxAge(Duration.FromHours(2))));

        problem.Code.Should().Be(ContractProblemCode.PolicyDeclaredTwice);
        problem.Feature.Should().Be("origin_backlog");
        problem.Message.Should().Contain("max age");
    }

    [Fact]
    public void Vocabulary_declared_twice_is_PolicyDeclaredTwice()
    {
        ContractProblem problem = SingleProblem(Define().Categorical(
            "carrier", f => f.From(Carrier).Vocabulary("northline").Vocabulary("eastway").MapUnseenTo("other").RejectIfMissing()));

        problem.Code.Should().Be(ContractProblemCode.PolicyDeclaredTwice);
        problem.Feature.Should().Be("carrier");
        problem.Message.Should().Contain("vocabulary");
    }

    [Fact]
    public void Unseen_policy_declared_twice_is_PolicyDeclaredTwice()
    {
        ContractProblem problem = SingleProblem(Define().Categorical(
            "carrier", f => f.From(Carrier).Vocabulary("northline").MapUnseenTo("other").RejectUnseen().RejectIfMissing()));

        problem.Code.Should().Be(ContractProblemCode.PolicyDeclaredTwice);
        problem.Feature.Should().Be("carrier");
        problem.Message.Should().Contain("unseen");
    }

    // ---- vocabularies -------------------------------------------------------------------------

    [Fact]
    public void Categorical_feature_with_an_empty_vocabulary_is_EmptyVocabulary()
    {
        ContractProblem problem = SingleProblem(
            Define().Categorical("carrier", f => f.From(Carrier).Vocabulary().MapUnseenTo("other").RejectIfMissing()));

        problem.Code.Should().Be(ContractProblemCode.EmptyVocabulary);
        problem.Feature.Should().Be("carrier");
        problem.Message.Should().Contain("vocabulary is empty");
    }

    [Fact]
    public void Categorical_feature_that_never_declares_a_vocabulary_is_EmptyVocabulary()
    {
        ContractProblem problem = SingleProblem(
            Define().Categorical("carrier", f => f.From(Carrier).MapUnseenTo("other").RejectIfMissing()));

        problem.Code.Should().Be(ContractProblemCode.EmptyVocabulary);
        problem.Feature.Should().Be("carrier");
    }

    [Fact]
    public void Vocabulary_listing_a_code_twice_is_DuplicateVocabularyEntry()
    {
        ContractProblem problem = SingleProblem(
            Define().Categorical("carrier", f => f.From(Carrier).Vocabulary("northline", "eastway", "northline").MapUnseenTo("other").RejectIfMissing()));

        problem.Code.Should().Be(ContractProblemCode.DuplicateVocabularyEntry);
        problem.Feature.Should().Be("carrier");
        problem.Message.Should().Contain("'northline'").And.Contain("2 times");
    }

    [Fact]
    public void Vocabulary_codes_differing_only_in_case_are_distinct_entries()
    {
        FeatureContract<ToyView> contract = CategoricalContract(
            f => f.From(Carrier).Vocabulary("northline", "Northline").MapUnseenTo("other").RejectIfMissing());

        ((CategoricalFeatureDefinition)contract["carrier"]).Vocabulary.Should().Equal("northline", "Northline");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_vocabulary_entry_is_InvalidCategory(string code)
    {
        ContractProblem problem = SingleProblem(
            Define().Categorical("carrier", f => f.From(Carrier).Vocabulary("northline", code).MapUnseenTo("other").RejectIfMissing()));

        problem.Code.Should().Be(ContractProblemCode.InvalidCategory);
        problem.Feature.Should().Be("carrier");
        problem.Message.Should().Contain("blank");
    }

    [Fact]
    public void Blank_unseen_bucket_is_InvalidCategory()
    {
        ContractProblem problem = SingleProblem(
            Define().Categorical("carrier", f => f.From(Carrier).Vocabulary("northline").MapUnseenTo(" ").RejectIfMissing()));

        problem.Code.Should().Be(ContractProblemCode.InvalidCategory);
        problem.Feature.Should().Be("carrier");
        problem.Message.Should().Contain("unseen bucket");
    }

    [Fact]
    public void Categorical_feature_without_an_unseen_policy_is_UnseenPolicyNotDeclared()
    {
        ContractProblem problem = SingleProblem(
            Define().Categorical("carrier", f => f.From(Carrier).Vocabulary("northline").RejectIfMissing()));

        problem.Code.Should().Be(ContractProblemCode.UnseenPolicyNotDeclared);
        problem.Feature.Should().Be("carrier");
        problem.Message.Should().Contain("MapUnseenTo").And.Contain("RejectUnseen");
    }

    [Fact]
    public void Unseen_bucket_that_is_also_a_vocabulary_entry_is_UnseenBucketInVocabulary()
    {
        ContractProblem problem = SingleProblem(
            Define().Categorical("carrier", f => f.From(Carrier).Vocabulary("northline", "other").MapUnseenTo("other").RejectIfMissing()));

        problem.Code.Should().Be(ContractProblemCode.UnseenBucketInVocabulary);
        problem.Feature.Should().Be("carrier");
        problem.Message.Should().Contain("'other'");
    }

    // ---- ranges ---------------------------------------------------------------------------------

    [Fact]
    public void Numeric_feature_without_a_range_is_RangeNotDeclared()
    {
        ContractProblem problem = SingleProblem(Define().Numeric("distance_km", f => f.From(Distance).RejectIfMissing()));

        problem.Code.Should().Be(ContractProblemCode.RangeNotDeclared);
        problem.Feature.Should().Be("distance_km");
        problem.Message.Should().Contain("RejectOutside");
    }

    [Theory]
    [InlineData(double.NaN, 10.0)]
    [InlineData(0.0, double.NaN)]
    public void NaN_range_bound_is_NaNBound(double min, double max)
    {
        ContractProblem problem = SingleProblem(Define().Numeric("distance_km", f => f.From(Distance).RejectIfMissing().ClampTo(min, max)));

        problem.Code.Should().Be(ContractProblemCode.NaNBound);
        problem.Feature.Should().Be("distance_km");
        problem.Message.Should().Contain("NaN");
    }

    [Fact]
    public void Range_minimum_above_its_maximum_is_MinGreaterThanMax()
    {
        ContractProblem problem = SingleProblem(Define().Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(5000, 0.5)));

        problem.Code.Should().Be(ContractProblemCode.MinGreaterThanMax);
        problem.Feature.Should().Be("distance_km");
        problem.Message.Should().Contain("5000").And.Contain("0.5");
    }

    [Fact]
    public void Range_with_equal_bounds_is_valid()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).RejectIfMissing().RejectOutside(7, 7));

        ((NumericFeatureDefinition)contract["distance_km"]).Range.Should().Be(new NumericRange(7, 7, OutOfRangeAction.Reject));
    }

    // ---- fill values ------------------------------------------------------------------------------

    [Fact]
    public void Numeric_fill_value_outside_the_range_is_InvalidFillValue()
    {
        ContractProblem problem = SingleProblem(
            Define().Numeric("hours_since_last_scan", f => f.From(Distance).FillMissingWith(200).CapAt(168)));

        problem.Code.Should().Be(ContractProblemCode.InvalidFillValue);
        problem.Feature.Should().Be("hours_since_last_scan");
        problem.Message.Should().Contain("200").And.Contain("168");
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Non_finite_numeric_fill_value_is_InvalidFillValue_even_when_the_range_is_unbounded(double fill, string shown)
    {
        ContractProblem problem = SingleProblem(
            Define().Numeric("hours_since_last_scan", f => f.From(Distance).FillMissingWith(fill).ClampTo(double.NegativeInfinity, double.PositiveInfinity)));

        problem.Code.Should().Be(ContractProblemCode.InvalidFillValue);
        problem.Feature.Should().Be("hours_since_last_scan");
        problem.Message.Should().Contain(shown).And.Contain("not finite");
    }

    [Fact]
    public void Categorical_fill_value_outside_the_vocabulary_is_InvalidFillValue()
    {
        ContractProblem problem = SingleProblem(
            Define().Categorical("carrier", f => f.From(Carrier).Vocabulary("northline", "eastway").MapUnseenTo("other").FillMissingWith("southwind")));

        problem.Code.Should().Be(ContractProblemCode.InvalidFillValue);
        problem.Feature.Should().Be("carrier");
        problem.Message.Should().Contain("'southwind'");
    }

    [Fact]
    public void Categorical_fill_value_matching_only_by_case_is_InvalidFillValue()
    {
        ContractProblem problem = SingleProblem(
            Define().Categorical("carrier", f => f.From(Carrier).Vocabulary("northline").RejectUnseen().FillMissingWith("NORTHLINE")));

        problem.Code.Should().Be(ContractProblemCode.InvalidFillValue);
        problem.Feature.Should().Be("carrier");
    }

    [Fact]
    public void Categorical_fill_value_may_be_the_unseen_bucket()
    {
        FeatureContract<ToyView> contract = CategoricalContract(
            f => f.From(Carrier).Vocabulary("northline").MapUnseenTo("other").FillMissingWith("other"));

        contract["carrier"].Missing.Value.Should().Be(FeatureValue.Categorical("other"));
    }

    // ---- max age and declared absence --------------------------------------------------------------

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(-36_000_000_000L)]
    public void Max_age_that_is_not_positive_is_NonPositiveMaxAge(long ticks)
    {
        ContractProblem problem = SingleProblem(Define().Numeric(
            "origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000).MaxAge(Duration.FromTicks(ticks))));

        problem.Code.Should().Be(ContractProblemCode.NonPositiveMaxAge);
        problem.Feature.Should().Be("origin_backlog");
        problem.Message.Should().Contain("must be positive");
    }

    [Fact]
    public void Declared_absence_default_whose_source_declares_no_absence_is_AbsenceNotDeclaredBySource()
    {
        ContractProblem problem = SingleProblem(
            Define().Boolean("expedited", f => f.From(ExpeditedWithoutDeclaration).DefaultWhereSourceDeclaresAbsence(false)));

        problem.Code.Should().Be(ContractProblemCode.AbsenceNotDeclaredBySource);
        problem.Feature.Should().Be("expedited");
        problem.Message.Should().Contain("'toy.expedited_undeclared'");
    }

    [Fact]
    public void Declared_absence_default_that_contradicts_the_sources_declaration_is_AbsenceNotDeclaredBySource()
    {
        // The source declares that an absent 'expedited' means false; a default of true is not what it declares.
        ContractProblem problem = SingleProblem(
            Define().Boolean("expedited", f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(true)));

        problem.Code.Should().Be(ContractProblemCode.AbsenceNotDeclaredBySource);
        problem.Feature.Should().Be("expedited");
        problem.Message.Should().Contain("true");
    }

    [Fact]
    public void Declared_absence_default_matching_the_sources_declaration_builds()
    {
        FeatureContract<ToyView> contract = BooleanContract(f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false));

        contract["expedited"].Missing.Should().Be(new MissingPolicy(MissingRule.DefaultWhereSourceDeclaresAbsence, FeatureValue.Bool(false)));
    }

    // ---- all problems at once, single use ------------------------------------------------------------

    [Fact]
    public void Definition_with_many_problems_throws_one_exception_listing_every_problem()
    {
        FeatureContractBuilder<ToyView> builder = FeatureContract.Define<ToyView>("Late Delivery", 0)
            .Numeric("distance_km", f => f.From(Distance).RejectIfMissing())
            .Numeric("hours_to_delivery", f => f.From(HoursToDelivery).RejectIfMissing().RejectOutside(0, 1000))
            .Categorical("Carrier", f => f.From(Carrier).Vocabulary("a", "a").FillMissingWith("z"))
            .Boolean("expedited", f => f.From(ExpeditedWithoutDeclaration).DefaultWhereSourceDeclaresAbsence(false))
            .Numeric("origin_backlog", f => f.From(Backlog).ClampTo(10, 1).MaxAge(Duration.Zero));

        ContractDefinitionException ex = builder.Invoking(b => b.Build()).Should().Throw<ContractDefinitionException>().Which;

        ex.ContractName.Should().Be("Late Delivery");
        ex.Problems.Pairs().Should().BeEquivalentTo(new (string?, ContractProblemCode)[]
        {
            (null, ContractProblemCode.InvalidContractName),
            (null, ContractProblemCode.InvalidVersion),
            ("distance_km", ContractProblemCode.RangeNotDeclared),
            ("hours_to_delivery", ContractProblemCode.OutcomeFieldAsInput),
            ("Carrier", ContractProblemCode.InvalidFeatureName),
            ("Carrier", ContractProblemCode.DuplicateVocabularyEntry),
            ("Carrier", ContractProblemCode.UnseenPolicyNotDeclared),
            ("Carrier", ContractProblemCode.InvalidFillValue),
            ("expedited", ContractProblemCode.AbsenceNotDeclaredBySource),
            ("origin_backlog", ContractProblemCode.MissingRuleNotDeclared),
            ("origin_backlog", ContractProblemCode.NonPositiveMaxAge),
            ("origin_backlog", ContractProblemCode.MinGreaterThanMax),
        });
        foreach (ContractProblem problem in ex.Problems)
        {
            ex.Message.Should().Contain(problem.Message).And.Contain(problem.Code.ToString());
        }

        ex.Message.Should().Contain("12 problem(s)");
    }

    [Fact]
    public void Problems_are_listed_in_declaration_order_of_their_features()
    {
        IReadOnlyList<ContractProblem> problems = ProblemsOf(Define()
            .Numeric("b_first", f => f.From(Distance).RejectIfMissing())
            .Numeric("a_second", f => f.From(Distance).RejectIfMissing()));

        problems.Select(p => p.Feature).Should().Equal("b_first", "a_second");
    }

    [Fact]
    public void Building_twice_throws_InvalidOperationException()
    {
        FeatureContractBuilder<ToyView> builder = Reference();
        builder.Build();

        builder.Invoking(b => b.Build()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Building_again_after_a_failed_build_throws_InvalidOperationException()
    {
        FeatureContractBuilder<ToyView> builder = Define();
        builder.Invoking(b => b.Build()).Should().Throw<ContractDefinitionException>();

        builder.Invoking(b => b.Build()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Adding_a_feature_after_build_throws_InvalidOperationException()
    {
        FeatureContractBuilder<ToyView> builder = Reference();
        builder.Build();

        builder.Invoking(b => b.Numeric("late", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 1)))
            .Should().Throw<InvalidOperationException>();
    }

    // ---- a valid contract ------------------------------------------------------------------------------

    [Fact]
    public void Valid_contract_exposes_its_name_version_description_and_features_in_declaration_order()
    {
        FeatureContract<ToyView> contract = Reference("late_delivery", 3).Describe("Will the parcel be late?").Build();

        contract.Name.Should().Be("late_delivery");
        contract.Version.Should().Be(3);
        contract.Description.Should().Be("Will the parcel be late?");
        contract.Features.Select(f => f.Name).Should().Equal("distance_km", "origin_backlog", "carrier", "expedited");
        contract.Features.Select(f => f.Kind).Should().Equal(FeatureKind.Numeric, FeatureKind.Numeric, FeatureKind.Categorical, FeatureKind.Boolean);
    }

    [Fact]
    public void Valid_contract_keeps_every_declared_policy()
    {
        FeatureContract<ToyView> contract = Reference().Build();

        var distance = (NumericFeatureDefinition)contract["distance_km"];
        distance.Range.Should().Be(new NumericRange(0, 5000, OutOfRangeAction.Reject));
        distance.Missing.Should().Be(new MissingPolicy(MissingRule.RejectRow));
        distance.SourceName.Should().Be("toy.distance");
        distance.Inputs.Should().Equal(DistanceField);

        var backlog = (NumericFeatureDefinition)contract["origin_backlog"];
        backlog.Range.Should().Be(new NumericRange(0, 1000, OutOfRangeAction.Clamp));
        backlog.MaxAge.Should().Be(Duration.FromHours(6));
        backlog.IndicatorName.Should().Be("origin_backlog_missing");

        var carrier = (CategoricalFeatureDefinition)contract["carrier"];
        carrier.Vocabulary.Should().Equal("northline", "eastway");
        carrier.Unseen.Should().Be(new UnseenCategoryPolicy(UnseenAction.MapToBucket, "other"));
        carrier.IndicatorName.Should().BeNull();
    }

    [Fact]
    public void CapAt_means_no_lower_bound()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).FillMissingWith(168).CapAt(168), "hours_since_last_scan");

        ((NumericFeatureDefinition)contract["hours_since_last_scan"]).Range
            .Should().Be(new NumericRange(double.NegativeInfinity, 168, OutOfRangeAction.Clamp));
    }

    [Fact]
    public void Looking_up_an_unknown_feature_throws_KeyNotFoundException()
    {
        FeatureContract<ToyView> contract = Reference().Build();

        contract.Invoking(c => c["eta"]).Should().Throw<KeyNotFoundException>().WithMessage("*'eta'*");
    }

    [Fact]
    public void Schema_lists_features_in_order_then_indicator_columns_in_feature_order()
    {
        FeatureContract<ToyView> contract = Define()
            .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000))
            .Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000))
            .Categorical("carrier", f => f.From(Carrier).Vocabulary("northline").MapUnseenTo("other").EmitMissingWithIndicator("carrier_absent"))
            .Boolean("expedited", f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false))
            .Build();

        contract.Schema.Columns.Should().Equal(
            new RowColumn("origin_backlog", ColumnType.Numeric, "origin_backlog"),
            new RowColumn("distance_km", ColumnType.Numeric, "distance_km"),
            new RowColumn("carrier", ColumnType.Categorical, "carrier"),
            new RowColumn("expedited", ColumnType.Boolean, "expedited"),
            new RowColumn("origin_backlog_missing", ColumnType.MissingIndicator, "origin_backlog"),
            new RowColumn("carrier_absent", ColumnType.MissingIndicator, "carrier"));
        contract.Schema.IndexOf("carrier_absent").Should().Be(5);
        contract.Schema.IndexOf("eta").Should().Be(-1);
    }
}
