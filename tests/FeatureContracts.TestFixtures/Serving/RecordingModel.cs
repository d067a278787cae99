using System;
using System.Threading;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Vectors;

namespace FeatureContracts.TestFixtures;

/// <summary>A small logistic model over fixed weights that remembers the last vector scored on this thread.</summary>
internal sealed class RecordingModel : IScoringModel
{
    [ThreadStatic]
    private static double[]? t_last;

    private int _calls;

    public RecordingModel(string? fingerprint = null, int? inputLength = null, string modelId = "test-logistic@1")
    {
        ContractFingerprint = fingerprint ?? LateDeliveryContract.V1.Fingerprint;
        InputLength = inputLength ?? Vectorizer.Length;
        ModelId = modelId;
    }

    public static FeatureVectorizer Vectorizer { get; } = LateDeliveryContract.Vectorizer();

    public string ModelId { get; }

    public string ContractFingerprint { get; }

    public int InputLength { get; }

    public double? Fixed { get; init; }

    public int Calls => Volatile.Read(ref _calls);

    public double[]? LastVector => t_last;

    public double Score(ReadOnlySpan<double> vector)
    {
        if (vector.Length != InputLength)
        {
            throw new ArgumentException($"expected {InputLength} slots, got {vector.Length}", nameof(vector));
        }

        Interlocked.Increment(ref _calls);
        t_last = vector.ToArray();
        if (Fixed is { } score)
        {
            return score;
        }

        double z = -1;
        for (int i = 0; i < vector.Length; i++)
        {
            z += vector[i] * 0.001 * (i + 1);
        }

        return 1 / (1 + Math.Exp(-z));
    }
}
