using System;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;

namespace FeatureContracts.Tests.Rows;

public sealed class FeatureCellTests
{
    [Fact]
    public void A_cell_refuses_default_FeatureValue_naming_the_feature()
    {
        // Every cell of every row (built by the engine or read back from storage) is made here.
        Action make = () => _ = new FeatureCell("origin_backlog", default, CellNotes.None, null, [], null);

        make.Should().Throw<ArgumentException>().WithMessage("Feature 'origin_backlog': default(FeatureValue) is no value and cannot be a cell's value.*");
    }

    [Fact]
    public void A_cell_takes_a_missing_value()
    {
        new FeatureCell("origin_backlog", FeatureValue.Missing(FeatureKind.Numeric), CellNotes.Missing, null, [], null).IsMissing.Should().BeTrue();
    }
}
