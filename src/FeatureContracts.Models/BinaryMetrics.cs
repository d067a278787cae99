using System;
using System.Collections.Generic;
using System.Globalization;

namespace FeatureContracts.Models;

/// <summary>Quality measures of a binary classifier's scores against true labels. Deterministic.</summary>
public static class BinaryMetrics
{
    /// <summary>The probability a log loss clamps to, so a confident wrong score costs a finite amount.</summary>
    public const double LogLossEpsilon = 1e-15;

    /// <summary>
    /// The exact area under the ROC curve: the probability that a random positive scores higher than a random
    /// negative, a tie counting one half (the Mann-Whitney U statistic over average ranks, divided by
    /// positives × negatives). 1 for a perfect ranking, 0 for an inverted one, 0.5 when every score ties.
    /// </summary>
    /// <exception cref="ArgumentException">There is no positive or no negative, or a score is NaN.</exception>
    public static double Auc(IReadOnlyList<(double Score, bool Label)> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        int n = scored.Count;
        var order = new int[n];
        var scores = new double[n];
        long positives = 0;
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            scores[i] = scored[i].Score;
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Score {i} is NaN."), nameof(scored));
            }

            positives += scored[i].Label ? 1 : 0;
        }

        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"AUC needs both classes; there are {positives} positives and {negatives} negatives."), nameof(scored));
        }

        Array.Sort((double[])scores.Clone(), order);

        // Sum of the positives' ranks (1-based), ties sharing their average rank. Ranks are kept doubled so the
        // average of a tie group stays an integer: twice the average rank of positions a..b is a + b + 2.
        long doubledRankSum = 0;
        int start = 0;
        while (start < n)
        {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            long groupPositives = 0;
            for (int k = start; k <= end; k++)
            {
                groupPositives += scored[order[k]].Label ? 1 : 0;
            }

            doubledRankSum += groupPositives * (start + end + 2);
            start = end + 1;
        }

        // U = R+ - P(P+1)/2; doubled: 2U = 2R+ - P(P+1).
        long doubledU = doubledRankSum - (positives * (positives + 1));
        return doubledU / (2.0 * positives * negatives);
    }

    /// <summary>
    /// The mean log loss (cross-entropy, natural log) of the scores as probabilities of the positive class, each
    /// clamped to [<see cref="LogLossEpsilon"/>, 1 - <see cref="LogLossEpsilon"/>].
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty, or a score is NaN or outside [0, 1].</exception>
    public static double LogLoss(IReadOnlyList<(double Score, bool Label)> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        RequireProbabilities(scored);
        double sum = 0;
        for (int i = 0; i < scored.Count; i++)
        {
            sum += PointLogLoss(scored[i].Score, scored[i].Label);
        }

        return sum / scored.Count;
    }

    /// <summary>The share of rows whose predicted class (positive when the score is at least 0.5) equals the label.</summary>
    /// <exception cref="ArgumentException">The list is empty, or a score is NaN or outside [0, 1].</exception>
    public static double Accuracy(IReadOnlyList<(double Score, bool Label)> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        RequireProbabilities(scored);
        long correct = 0;
        for (int i = 0; i < scored.Count; i++)
        {
            correct += (scored[i].Score >= 0.5) == scored[i].Label ? 1 : 0;
        }

        return (double)correct / scored.Count;
    }

    internal static double PointLogLoss(double probability, bool label)
    {
        double p = Math.Clamp(probability, LogLossEpsilon, 1 - LogLossEpsilon);
        return label ? -Math.Log(p) : -Math.Log(1 - p);
    }

    private static void RequireProbabilities(IReadOnlyList<(double Score, bool Label)> scored)
    {
        if (scored.Count == 0)
        {
            throw new ArgumentException("There are no scored rows.", nameof(scored));
        }

        for (int i = 0; i < scored.Count; i++)
        {
            double p = scored[i].Score;
            if (double.IsNaN(p) || p < 0 || p > 1)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Score {i} is {p:R}; expected a probability in [0, 1]."), nameof(scored));
            }
        }
    }
}
