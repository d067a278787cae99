using System;
using System.Collections.Generic;
using System.Globalization;
using FeatureContracts.Vectors;

namespace FeatureContracts.Models;

/// <summary>The settings of <see cref="LogisticRegressionTrainer"/>.</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>The number of full-batch gradient steps; 1 to 1,000,000. Default 300.</summary>
    public int Epochs { get; init; } = 300;

    /// <summary>The step size; finite and positive. Default 0.5 (the slots are standardized).</summary>
    public double LearningRate { get; init; } = 0.5;

    /// <summary>The L2 penalty <c>λ/2·|w|²</c> on the weights (not the intercept); finite and non-negative. Default 0.001.</summary>
    public double L2 { get; init; } = 0.001;

    /// <summary>The export's snapshot instant (from its manifest), recorded in the model; optional.</summary>
    public string? DataSnapshot { get; init; }

    /// <summary>
    /// The SHA-256 of the training data, recorded in the model; optional. Training from a <see cref="TrainingSet"/>
    /// read from a file records the file's digest when this is not set.
    /// </summary>
    public string? DataSha256 { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Epochs is < 1 or > 1_000_000)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Epochs must be between 1 and 1000000, not {Epochs}."), nameof(Epochs));
        }

        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"LearningRate must be finite and positive, not {LearningRate:R}."), nameof(LearningRate));
        }

        if (!double.IsFinite(L2) || L2 < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"L2 must be finite and non-negative, not {L2:R}."), nameof(L2));
        }
    }
}

/// <summary>
/// Trains a <see cref="LogisticRegressionModel"/> by full-batch gradient descent on the mean log loss with an L2
/// penalty on the weights. Every slot is standardized first (mean and standard deviation over the training rows,
/// stored in the model and applied when scoring; a constant slot keeps scale 1). Deterministic: no randomness, every
/// sum runs over the rows in input order and the slots in vector order, so the same rows in the same order with the
/// same options give a bit-identical model. Weights and intercept start at 0.
/// </summary>
public static class LogisticRegressionTrainer
{
    /// <summary>Trains on vectors laid out by <paramref name="vectorizer"/>.</summary>
    /// <param name="vectorizer">The layout the vectors follow; the model records its contract and slots.</param>
    /// <param name="examples">The training rows, each a vector of <see cref="FeatureVectorizer.Length"/> finite values and a label.</param>
    /// <param name="options">The settings; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">
    /// No rows, only one class, a vector of the wrong length or with a non-finite value (the message names the row), or invalid options.
    /// </exception>
    public static LogisticRegressionModel Train(
        FeatureVectorizer vectorizer, IEnumerable<(double[] Vector, bool Label)> examples, LogisticRegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vectorizer);
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new LogisticRegressionOptions();
        options.Validate();

        int d = vectorizer.Length;
        var x = new List<double>();
        var y = new List<bool>();
        int row = 0;
        foreach ((double[] vector, bool label) in examples)
        {
            if (vector is null || vector.Length != d)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Row {row}: the vector has {vector?.Length ?? 0} slots; the layout has {d}."), nameof(examples));
            }

            for (int j = 0; j < d; j++)
            {
                if (!double.IsFinite(vector[j]))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Row {row}: slot '{vectorizer.Slots[j].Name}' is {vector[j]:R}; vectors must be finite."), nameof(examples));
                }

                x.Add(vector[j]);
            }

            y.Add(label);
            row++;
        }

        return Fit(vectorizer, x, y, options, options.DataSha256);
    }

    /// <summary>
    /// Trains on a training set read from an export (<see cref="TrainingData"/>). Records the file's SHA-256 unless
    /// <see cref="LogisticRegressionOptions.DataSha256"/> is set.
    /// </summary>
    /// <exception cref="ArgumentException">No rows, only one class, or invalid options.</exception>
    /// <param name="data">The rows, as <see cref="TrainingData"/> read them.</param>
    /// <param name="options">The settings (<c>new LogisticRegressionOptions()</c> for the defaults).</param>
    public static LogisticRegressionModel Train(TrainingSet data, LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var x = new List<double>(data.Examples.Count * data.Vectorizer.Length);
        var y = new List<bool>(data.Examples.Count);
        foreach (TrainingExample example in data.Examples)
        {
            x.AddRange(example.Vector);
            y.Add(example.Label);
        }

        return Fit(data.Vectorizer, x, y, options, options.DataSha256 ?? data.Sha256);
    }

    private static LogisticRegressionModel Fit(FeatureVectorizer vectorizer, List<double> flat, List<bool> labels, LogisticRegressionOptions options, string? sha256)
    {
        int n = labels.Count;
        int d = vectorizer.Length;
        if (n == 0)
        {
            throw new ArgumentException("There are no training rows.");
        }

        long positives = 0;
        foreach (bool label in labels)
        {
            positives += label ? 1 : 0;
        }

        if (positives == 0 || positives == n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The {n} training rows all have the same label ({(positives == 0 ? "negative" : "positive")}); a classifier needs both."),
                nameof(labels));
        }

        // Standardize: mean, then the population standard deviation (two passes, fixed order).
        var means = new double[d];
        var scales = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                means[j] += flat[(i * d) + j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            means[j] /= n;
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                double delta = flat[(i * d) + j] - means[j];
                scales[j] += delta * delta;
            }
        }

        for (int j = 0; j < d; j++)
        {
            double sd = Math.Sqrt(scales[j] / n);
            scales[j] = sd > 0 && double.IsFinite(sd) ? sd : 1;
        }

        var z = new double[n * d];
        var target = new double[n];
        for (int i = 0; i < n; i++)
        {
            target[i] = labels[i] ? 1 : 0;
            for (int j = 0; j < d; j++)
            {
                z[(i * d) + j] = (flat[(i * d) + j] - means[j]) / scales[j];
            }
        }

        var weights = new double[d];
        var gradient = new double[d];
        double intercept = 0;
        double rate = options.LearningRate;
        double l2 = options.L2;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            Array.Clear(gradient);
            double gradientIntercept = 0;
            for (int i = 0; i < n; i++)
            {
                double error = LogisticRegressionModel.Sigmoid(Logit(z, i, d, weights, intercept)) - target[i];
                gradientIntercept += error;
                for (int j = 0; j < d; j++)
                {
                    gradient[j] += error * z[(i * d) + j];
                }
            }

            for (int j = 0; j < d; j++)
            {
                weights[j] -= rate * ((gradient[j] / n) + (l2 * weights[j]));
            }

            intercept -= rate * (gradientIntercept / n);
            if (!double.IsFinite(intercept))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Training diverged at epoch {epoch + 1}; use a smaller learning rate than {rate:R}."), nameof(options));
            }
        }

        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            loss += BinaryMetrics.PointLogLoss(LogisticRegressionModel.Sigmoid(Logit(z, i, d, weights, intercept)), labels[i]);
        }

        double penalty = 0;
        for (int j = 0; j < d; j++)
        {
            penalty += weights[j] * weights[j];
        }

        double finalLoss = (loss / n) + (l2 / 2 * penalty);
        var slots = new ModelSlot[d];
        for (int j = 0; j < d; j++)
        {
            slots[j] = new ModelSlot(vectorizer.Slots[j].Name, means[j], scales[j], weights[j]);
        }

        var training = new TrainingMetadata(n, positives, options.Epochs, rate, l2, finalLoss, options.DataSnapshot, sha256);
        return new LogisticRegressionModel(
            new ModelContract(vectorizer.ContractName, vectorizer.ContractVersion, vectorizer.ContractFingerprint), slots, intercept, training);
    }

    private static double Logit(double[] z, int row, int d, double[] weights, double intercept)
    {
        double logit = intercept;
        for (int j = 0; j < d; j++)
        {
            logit += weights[j] * z[(row * d) + j];
        }

        return logit;
    }
}
