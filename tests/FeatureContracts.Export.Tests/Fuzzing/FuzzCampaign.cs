using System;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace FeatureContracts.Export.Tests.Fuzzing;

/// <summary>
/// The fuzzing properties with fresh random seeds and as many cases as <c>FC_FUZZ_CASES</c> says: a long campaign run
/// locally, never in CI (skipped when the variable is unset). A failure reports the seed to replay it with.
/// <code>FC_FUZZ_CASES=100000 dotnet test tests/FeatureContracts.Export.Tests -c Release --filter FullyQualifiedName~FuzzCampaign</code>
/// </summary>
public sealed class FuzzCampaign
{
    private static int CasesOrSkip()
    {
        string? cases = Environment.GetEnvironmentVariable("FC_FUZZ_CASES");
        Skip.If(string.IsNullOrEmpty(cases), "a local fuzzing campaign: set FC_FUZZ_CASES to run it");
        return int.Parse(cases!, CultureInfo.InvariantCulture);
    }

    private static void Run<T>(Arbitrary<T> arbitrary, Action<T> property)
        => Check.One(Config.QuickThrowOnFailure.WithMaxTest(CasesOrSkip()), Prop.ForAll(arbitrary, property));

    [SkippableFact]
    public void Mutated_points_files() => Run(PointsFuzz.MutatedArb(), PointsReaderFuzzTests.EveryRecordGivesOneResult);

    [SkippableFact]
    public void Corrupted_points_files() => Run(PointsFuzz.CorruptedArb(), PointsReaderFuzzTests.CorruptionNeverGivesAnotherPoint);

    [SkippableFact]
    public void Valid_points_files() => Run(ValidPointsFiles.Files(), PointsReaderFuzzTests.ValidFileReadsBack);

    [SkippableFact]
    public void Mutated_contract_files() => Run(ContractFuzz.MutatedArb(), ContractReaderFuzzTests.ReadOrRefused);

    [SkippableFact]
    public void Corrupted_contract_files() => Run(ContractFuzz.CorruptedArb(), ContractReaderFuzzTests.ReadOrRefused);
}
