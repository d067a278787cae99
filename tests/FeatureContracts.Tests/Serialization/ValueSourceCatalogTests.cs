using System;
using FeatureContracts.Serialization;
using FeatureContracts.Sources;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Serialization;

public sealed class ValueSourceCatalogTests
{
    private sealed class OtherView : IPointInTimeView
    {
        public Instant PredictionInstant => T;

        public string EntityId => "other-1";
    }

    [Fact]
    public void Finds_a_source_by_its_exact_name()
    {
        var catalog = new ValueSourceCatalog<ToyView>(Distance, Carrier);

        catalog.TryGet("toy.carrier", out ValueSource? found).Should().BeTrue();
        found.Should().BeSameAs(Carrier);
        catalog.TryGet("TOY.CARRIER", out _).Should().BeFalse("names compare ordinally");
        catalog.TryGet("toy.route", out ValueSource? missing).Should().BeFalse();
        missing.Should().BeNull();
    }

    [Fact]
    public void Keeps_the_sources_in_the_given_order()
        => new ValueSourceCatalog<ToyView>(Expedited, Distance, Carrier).Sources.Should().Equal(Expedited, Distance, Carrier);

    [Fact]
    public void Two_sources_of_one_name_are_refused()
    {
        ValueSource<ToyView, double> twin = ValueSource.Numeric<ToyView>("toy.distance", [DistanceField], v => v.Backlog);

        Action create = () => _ = new ValueSourceCatalog<ToyView>(Distance, Carrier, twin);

        create.Should().Throw<ArgumentException>().WithMessage("*'toy.distance'*");
    }

    [Fact]
    public void A_source_over_another_view_is_refused()
    {
        ValueSource<OtherView, double> other = ValueSource.Numeric<OtherView>("other.distance", [DistanceField], _ => Observation<double>.Missing());

        Action create = () => _ = new ValueSourceCatalog<ToyView>(Distance, other);

        create.Should().Throw<ArgumentException>().WithMessage("*'other.distance'*");
    }

    [Fact]
    public void Null_is_refused()
    {
        Action create = () => _ = new ValueSourceCatalog<ToyView>(Distance, null!);

        create.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void An_empty_catalog_finds_nothing()
        => new ValueSourceCatalog<ToyView>().TryGet("toy.distance", out _).Should().BeFalse();
}
