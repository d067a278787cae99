using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Xunit;

namespace FeatureContracts.Models.Tests;

public sealed class BinaryMetricsTests
{
    private static List<(double Score, bool Label)> Scored(params (double Score, bool Label)[] rows) => [.. rows];

    [Fact]
    public void Auc_of_a_perfect_ranking_is_1()
        => BinaryMetrics.Auc(Scored((0.1, false), (0.2, false), (0.8, true), (0.9, true))).Should().Be(1.0);

    [Fact]
    public void Auc_of_an_inverted_ranking_is_0()
        => BinaryMetrics.Auc(Scored((0.1, true), (0.2, true), (0.8, false), (0.9, false))).Should().Be(0.0);

    [Fact]
    public void Auc_when_every_score_ties_is_one_half()
        => BinaryMetrics.Auc(Scored((0.3, true), (0.3, false), (0.3, false), (0.3, true), (0.3, true))).Should().Be(0.5);

    [Fact]
    public void Auc_counts_a_tie_between_a_positive_and_a_negative_as_one_half()
    {
        // Positives 0.8, 0.5; negatives 0.5, 0.2. Pairs: 0.8>0.5, 0.8>0.2, 0.5=0.5 (1/2), 0.5>0.2: 3.5 of 4.
        BinaryMetrics.Auc(Scored((0.5, false), (0.8, true), (0.2, false), (0.5, true))).Should().Be(0.875);
    }

    [Fact]
    public void Auc_with_a_tie_group_spanning_both_classes_uses_average_ranks()
    {
        // Positives 0.3, 0.3, 0.7; negatives 0.3, 0.1. Each 0.3 positive: 1/2 + 1; the 0.7 positive: 2. Total 5 of 6.
        BinaryMetrics.Auc(Scored((0.3, true), (0.1, false), (0.3, false), (0.7, true), (0.3, true))).Should().Be(5.0 / 6.0);
    }

    [Fact]
    public void Auc_does_not_depend_on_the_input_order()
    {
        var rows = Scored((0.3, true), (0.1, false), (0.3, false), (0.7, true), (0.3, true), (0.05, true));
        double auc = BinaryMetrics.Auc(rows);
        rows.Reverse();
        BinaryMetrics.Auc(rows).Should().Be(auc);
    }

    [Fact]
    public void Auc_needs_both_classes()
    {
        Action act = () => BinaryMetrics.Auc(Scored((0.1, true), (0.9, true)));
        act.Should().Throw<ArgumentException>().WithMessage("*2 positives and 0 negatives*");
    }

    [Fact]
    public void Auc_refuses_a_NaN_score()
    {
        Action act = () => BinaryMetrics.Auc(Scored((double.NaN, true), (0.9, false)));
        act.Should().Throw<ArgumentException>().WithMessage("*NaN*");
    }

    [Property(MaxTest = 200)]
    public bool Auc_equals_the_share_of_correctly_ordered_positive_negative_pairs_ties_counting_half(int seed, byte size)
    {
        var random = new Random(seed);
        int n = 2 + (size % 40);
        var rows = Enumerable.Range(0, n).Select(i => ((double)random.Next(5), i == 0 || (i != 1 && random.Next(2) == 0))).ToList();
        double pairs = 0;
        double wins = 0;
        foreach (var p in rows.Where(r => r.Item2))
        {
            foreach (var q in rows.Where(r => !r.Item2))
            {
                pairs++;
                wins += p.Item1 > q.Item1 ? 1 : p.Item1 == q.Item1 ? 0.5 : 0;
            }
        }

        return Math.Abs(BinaryMetrics.Auc(rows) - (wins / pairs)) < 1e-12;
    }

    [Fact]
    public void Log_loss_is_the_mean_negative_log_likelihood()
        => BinaryMetrics.LogLoss(Scored((0.8, true), (0.4, false))).Should().BeApproximately((-Math.Log(0.8) - Math.Log(0.6)) / 2, 1e-15);

    [Fact]
    public void Log_loss_of_a_confident_wrong_score_is_finite()
        => double.IsFinite(BinaryMetrics.LogLoss(Scored((0.0, true), (1.0, false)))).Should().BeTrue();

    [Fact]
    public void Accuracy_predicts_positive_at_a_score_of_at_least_one_half()
        => BinaryMetrics.Accuracy(Scored((0.5, true), (0.49, true), (0.2, false), (0.7, false))).Should().Be(0.5);

    [Fact]
    public void Log_loss_and_accuracy_refuse_a_score_outside_0_to_1()
    {
        Action logLoss = () => BinaryMetrics.LogLoss(Scored((1.5, true)));
        Action accuracy = () => BinaryMetrics.Accuracy(Scored((-0.1, true)));
        logLoss.Should().Throw<ArgumentException>();
        accuracy.Should().Throw<ArgumentException>();
    }
}
