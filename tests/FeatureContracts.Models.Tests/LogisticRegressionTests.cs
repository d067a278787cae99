using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Vectors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FeatureContracts.Models.Tests;

public sealed class LogisticRegressionTests
{
    private static readonly LogisticRegressionOptions Options = new() { Epochs = 200, LearningRate = 0.5, L2 = 0.001 };

    private static LogisticRegressionModel TrainSeparable() => LogisticRegressionTrainer.Train(Synthetic.Vectorizer, Synthetic.Separable(600, seed: 3), Options);

    private static double Norm(LogisticRegressionModel model) => Math.Sqrt(model.Slots.Sum(s => s.Weight * s.Weight));

    private static FeatureVectorizer OtherContractVectorizer()
    {
        FeatureContract<ShipmentView> other = FeatureContract.Define<ShipmentView>("late_delivery", version: 2)
            .Numeric("distance_km", f => f.From(ShipmentSources.DistanceKm).RejectIfMissing().RejectOutside(0.1, 20_000))
            .Build();
        return FeatureVectorizer.For(other).Build();
    }

    [Fact]
    public void Training_on_a_separable_dataset_reaches_an_auc_above_0_95_on_fresh_rows()
    {
        LogisticRegressionModel model = TrainSeparable();
        var test = Synthetic.Separable(400, seed: 99);
        double auc = BinaryMetrics.Auc(test.Select(r => (model.Score(r.Vector), r.Label)).ToList());
        auc.Should().BeGreaterThan(0.95);
        model.Slots[0].Weight.Should().BePositive("late grows with distance");
        model.Slots[1].Weight.Should().BePositive("late grows with hours since the last scan");
    }

    [Fact]
    public void Training_twice_on_the_same_rows_gives_byte_identical_json()
    {
        LogisticRegressionModel first = TrainSeparable();
        LogisticRegressionModel second = TrainSeparable();
        second.ToJson().Should().Be(first.ToJson());
        second.ModelId.Should().Be(first.ModelId);
    }

    [Fact]
    public void Model_records_the_contract_the_slots_and_the_training_settings()
    {
        LogisticRegressionModel model = TrainSeparable();
        model.Contract.Should().Be(new ModelContract(LateDeliveryContract.Name, 1, LateDeliveryContract.V1.Fingerprint));
        model.ContractFingerprint.Should().Be(LateDeliveryContract.V1.Fingerprint);
        model.Slots.Select(s => s.Name).Should().Equal(Synthetic.Vectorizer.Slots.Select(s => s.Name));
        model.InputLength.Should().Be(Synthetic.Vectorizer.Length);
        model.Training.Should().BeEquivalentTo(new { Rows = 600L, Epochs = 200, LearningRate = 0.5, L2 = 0.001 });
        model.Training.PositiveRows.Should().BeInRange(1, 599);
        model.ModelId.Should().MatchRegex("^logistic_regression:[0-9a-f]{16}$");
    }

    [Fact]
    public void Json_round_trip_gives_identical_scores_bit_for_bit()
    {
        LogisticRegressionModel model = TrainSeparable();
        LogisticRegressionModel read = LogisticRegressionModel.FromJson(model.ToJson());
        read.ToJson().Should().Be(model.ToJson());
        read.ModelId.Should().Be(model.ModelId);
        foreach (var (vector, _) in Synthetic.Noisy(300, seed: 5))
        {
            BitConverter.DoubleToInt64Bits(read.Score(vector)).Should().Be(BitConverter.DoubleToInt64Bits(model.Score(vector)));
        }
    }

    [Fact]
    public void Json_is_snake_case_and_names_the_contract_fingerprint()
    {
        string json = TrainSeparable().ToJson();
        json.Should().Contain("\"model_type\": \"logistic_regression\"").And.Contain("\"learning_rate\": 0.5")
            .And.Contain($"\"fingerprint\": \"{LateDeliveryContract.V1.Fingerprint}\"").And.EndWith("}\n");
    }

    [Fact]
    public void ValidateFor_accepts_the_vectorizer_it_was_trained_on()
    {
        Action act = () => TrainSeparable().ValidateFor(LateDeliveryContract.Vectorizer());
        act.Should().NotThrow();
    }

    [Fact]
    public void ValidateFor_refuses_a_vectorizer_of_another_fingerprint_naming_both()
    {
        FeatureVectorizer other = OtherContractVectorizer();
        Action act = () => TrainSeparable().ValidateFor(other);
        act.Should().Throw<ArgumentException>()
            .WithMessage($"*{LateDeliveryContract.V1.Fingerprint}*{other.ContractFingerprint}*");
    }

    [Fact]
    public void ValidateFor_refuses_a_layout_that_differs_naming_the_first_differing_slot()
    {
        LogisticRegressionModel trained = TrainSeparable();
        var slots = trained.Slots.ToArray();
        slots[4] = slots[4] with { Name = "carrier=elsewhere" };
        var renamed = new LogisticRegressionModel(trained.Contract, slots, trained.Intercept, trained.Training);
        Action act = () => renamed.ValidateFor(LateDeliveryContract.Vectorizer());
        act.Should().Throw<ArgumentException>().WithMessage($"*slot 4*carrier=elsewhere*{Synthetic.Vectorizer.Slots[4].Name}*");
    }

    [Fact]
    public void A_larger_l2_gives_a_smaller_weight_norm()
    {
        var rows = Synthetic.Noisy(500, seed: 11);
        double[] norms = new[] { 0.0, 0.01, 0.1, 1.0 }
            .Select(l2 => Norm(LogisticRegressionTrainer.Train(Synthetic.Vectorizer, rows, Options with { L2 = l2 })))
            .ToArray();
        norms.Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData(0, 0.5, 0.0, "Epochs")]
    [InlineData(10, 0.0, 0.0, "LearningRate")]
    [InlineData(10, double.NaN, 0.0, "LearningRate")]
    [InlineData(10, 0.5, -1.0, "L2")]
    [InlineData(10, 0.5, double.PositiveInfinity, "L2")]
    public void Trainer_refuses_invalid_options_naming_the_setting(int epochs, double rate, double l2, string setting)
    {
        Action act = () => LogisticRegressionTrainer.Train(Synthetic.Vectorizer, Synthetic.Separable(10, 1), new LogisticRegressionOptions { Epochs = epochs, LearningRate = rate, L2 = l2 });
        act.Should().Throw<ArgumentException>().WithMessage($"{setting}*");
    }

    [Fact]
    public void Trainer_refuses_rows_of_a_single_class_and_vectors_of_the_wrong_length()
    {
        var oneClass = Synthetic.Separable(50, 1).Select(r => (r.Vector, true)).ToList();
        Action single = () => LogisticRegressionTrainer.Train(Synthetic.Vectorizer, oneClass, Options);
        single.Should().Throw<ArgumentException>().WithMessage("*same label*");

        Action shortVector = () => LogisticRegressionTrainer.Train(Synthetic.Vectorizer, [(new double[3], true)], Options);
        shortVector.Should().Throw<ArgumentException>().WithMessage("Row 0*3 slots*");
    }

    [Fact]
    public void Score_refuses_a_vector_of_the_wrong_length()
    {
        Action act = () => TrainSeparable().Score(new double[2]);
        act.Should().Throw<ArgumentException>().WithMessage("*2 slots*");
    }

    [Fact]
    public void Score_does_not_allocate()
    {
        LogisticRegressionModel model = TrainSeparable();
        double[] vector = Synthetic.Separable(1, 4)[0].Vector;
        model.Score(vector);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += model.Score(vector);
        }

        GC.GetAllocatedBytesForCurrentThread().Should().Be(before);
        sum.Should().BePositive();
    }

    [Theory]
    [InlineData("{", "invalid JSON")]
    [InlineData("[]", "at $:")]
    [InlineData("{\"format_version\":1}", "$.model_type")]
    public void FromJson_refuses_a_malformed_file(string json, string expected)
    {
        Action act = () => LogisticRegressionModel.FromJson(json);
        act.Should().Throw<InvalidDataException>().WithMessage($"*{expected}*");
    }

    [Theory]
    [InlineData("\"scale\": ", "\"scale\": -1, \"old_scale\": ", "$.slots[0].old_scale")]
    [InlineData("\"format_version\": 1", "\"format_version\": 2", "$.format_version")]
    [InlineData("\"rows\": ", "\"rows\": -5, \"x\": ", "$.training.x")]
    [InlineData("\"epochs\": ", "\"extra\": 1, \"epochs\": ", "$.training.extra")]
    public void FromJson_names_the_json_path_of_the_problem(string find, string replace, string path)
    {
        string json = TrainSeparable().ToJson();
        int at = json.IndexOf(find, StringComparison.Ordinal);
        string broken = json[..at] + replace + json[(at + find.Length)..];
        Action act = () => LogisticRegressionModel.FromJson(broken);
        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*");
    }

    [Fact]
    public void FromJson_refuses_a_weight_that_is_not_a_number_naming_its_path()
    {
        string json = TrainSeparable().ToJson();
        int at = json.IndexOf("\"weight\": ", StringComparison.Ordinal) + "\"weight\": ".Length;
        int end = json.IndexOf('\n', at);
        string broken = json[..at] + "\"heavy\"" + json[end..];
        Action act = () => LogisticRegressionModel.FromJson(broken);
        act.Should().Throw<InvalidDataException>().WithMessage("*$.slots[0].weight*finite number*");
    }

    private static LogisticRegressionModel Model(double[] weights, double intercept)
        => new(
            new ModelContract("c", 1, "f"),
            weights.Select((w, i) => new ModelSlot($"s{i}", 0.5, 2.0, w)),
            intercept,
            new TrainingMetadata(0, 0, 1, 0.1, 0, 0, null, null));

    private static double Bounded(double x, double limit) => double.IsFinite(x) ? Math.Clamp(x, -limit, limit) : 0;

    [Property(MaxTest = 300)]
    public bool Score_is_strictly_between_0_and_1(NormalFloat w0, NormalFloat w1, NormalFloat b, NormalFloat x0, NormalFloat x1)
    {
        LogisticRegressionModel model = Model([Bounded(w0.Get, 1e6), Bounded(w1.Get, 1e6)], Bounded(b.Get, 1e6));
        double p = model.Score([Bounded(x0.Get, 1e6), Bounded(x1.Get, 1e6)]);
        return p > 0 && p < 1;
    }

    [Property(MaxTest = 300)]
    public bool Score_never_decreases_when_a_positive_weight_slot_grows(
        PositiveInt weight, NormalFloat other, NormalFloat b, NormalFloat x, NormalFloat y, PositiveInt step)
    {
        LogisticRegressionModel model = Model([weight.Get / 100.0, Bounded(other.Get, 100)], Bounded(b.Get, 100));
        double x0 = Bounded(x.Get, 1000);
        double x1 = x0 + (step.Get / 10.0);
        double y0 = Bounded(y.Get, 1000);
        return model.Score([x1, y0]) >= model.Score([x0, y0]);
    }
}
