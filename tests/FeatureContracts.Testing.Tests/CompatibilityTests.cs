using System;
using FeatureContracts.Contracts;
using FeatureContracts.Serialization;
using FeatureContracts.Shipments.Contract;
using FluentAssertions;
using Xunit.Sdk;

namespace FeatureContracts.Testing.Tests;

/// <summary>A team's test that its next contract version still serves the model trained on the last one.</summary>
public sealed class CompatibilityTests
{
    private static FeatureContract Edited(string find, string replace)
    {
        string json = ContractJson.Write(LateDeliveryContract.V1);
        json.Should().Contain(find, "the edit must apply");
        return LateDeliveryContract.FromJson(json.Replace(find, replace, StringComparison.Ordinal));
    }

    [Fact]
    public void A_tighter_monitor_is_compatible()
        => Edited("\"max_unseen_rate\": 0.05", "\"max_unseen_rate\": 0.02").Should().BeCompatibleWith(LateDeliveryContract.V1);

    [Fact]
    public void A_shorter_max_age_breaks_the_model_and_the_failure_says_where_and_why()
    {
        FeatureContract shorter = Edited("\"max_age\": \"0:06:00:00\"", "\"max_age\": \"0:03:00:00\"");

        Action check = () => shorter.Should().BeCompatibleWith(LateDeliveryContract.V1);

        check.Should().Throw<XunitException>().WithMessage("*compatible with v1*1 change(s)*origin_backlog MaxAge*");
    }
}
