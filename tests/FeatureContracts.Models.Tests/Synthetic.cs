using System;
using System.Collections.Generic;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Vectors;

namespace FeatureContracts.Models.Tests;

/// <summary>Seeded synthetic vectors in the late-delivery v1 layout.</summary>
internal static class Synthetic
{
    public static FeatureVectorizer Vectorizer { get; } = LateDeliveryContract.Vectorizer();

    /// <summary>Late exactly when distance/1000 + hours/168 exceeds 1: linearly separable.</summary>
    public static List<(double[] Vector, bool Label)> Separable(int count, int seed) => Make(count, seed, noise: 0);

    /// <summary>The same rule with a share of labels flipped.</summary>
    public static List<(double[] Vector, bool Label)> Noisy(int count, int seed) => Make(count, seed, noise: 0.2);

    private static List<(double[] Vector, bool Label)> Make(int count, int seed, double noise)
    {
#pragma warning disable CA5394 // Seeded test data.
        var random = new Random(seed);
        var rows = new List<(double[] Vector, bool Label)>(count);
        int length = Vectorizer.Length;
        for (int i = 0; i < count; i++)
        {
            var v = new double[length];
            double distance = Math.Round(random.NextDouble() * 1500, 1);
            double hours = random.Next(0, 169);
            v[0] = distance;
            v[1] = hours;
            for (int j = 2; j < length; j++)
            {
                v[j] = random.Next(2);
            }

            bool late = (distance / 1000) + (hours / 168) > 1;
            if (random.NextDouble() < noise)
            {
                late = !late;
            }

            rows.Add((v, late));
        }
#pragma warning restore CA5394
        return rows;
    }
}
