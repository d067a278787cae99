using System;
using System.Linq;
using FeatureContracts.Export.Sharding;

namespace FeatureContracts.Export.Tests.Sharding;

public sealed class ShardSpecTests
{
    // Reference values from an independent implementation (FNV-1a 64 over UTF-8, then the MurmurHash3 fmix64).
    [Theory]
    [InlineData("O-204", 4860876369836204410UL)]
    [InlineData("", 17280346270528514342UL)]
    [InlineData("O-0001", 13458391308988049302UL)]
    [InlineData("订单-7", 4567714470647107091UL)]
    public void Stable_hash_is_the_same_in_every_process_and_version(string key, ulong expected)
    {
        StableHash.Of(key).Should().Be(expected);
    }

    [Theory]
    [InlineData("O-204", 0)]
    [InlineData("O-0001", 2)]
    public void A_shard_owns_the_orders_whose_hash_falls_in_its_range(string orderId, int owner)
    {
        Enumerable.Range(0, 3).Select(k => new ShardSpec(k, 3).Owns(orderId)).Should().Equal(Enumerable.Range(0, 3).Select(k => k == owner));
    }

    [Fact]
    public void Every_order_belongs_to_exactly_one_shard_and_shards_are_balanced()
    {
        string[] ids = [.. Enumerable.Range(0, 3000).Select(i => $"O-{i:D6}")];
        int[] owned = [.. Enumerable.Range(0, 4).Select(k => ids.Count(new ShardSpec(k, 4).Owns))];

        owned.Sum().Should().Be(ids.Length);
        ids.Should().OnlyContain(id => Enumerable.Range(0, 4).Count(k => new ShardSpec(k, 4).Owns(id)) == 1);
        owned.Should().OnlyContain(n => n > 600 && n < 900);
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/8", 3, 8)]
    public void Shard_text_parses(string text, int index, int count)
    {
        ShardSpec.TryParse(text, out ShardSpec shard).Should().BeTrue();
        shard.Should().Be(new ShardSpec(index, count));
        shard.ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("1/1")]
    [InlineData("4/3")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData(null)]
    public void Shard_text_that_is_not_K_of_N_is_refused(string? text)
    {
        ShardSpec.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void A_shard_outside_its_count_cannot_be_made()
    {
        FluentActions.Invoking(() => new ShardSpec(3, 3)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
