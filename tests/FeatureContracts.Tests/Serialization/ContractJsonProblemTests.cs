using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using FeatureContracts.Contracts;
using FeatureContracts.Serialization;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Serialization;

/// <summary>
/// A bad contract file is refused with every problem and its JSON path: problems only a file can have (JSON syntax
/// and types, required and unknown properties, names of kinds, rules, actions and sources), and the builder's own
/// problems placed at the declaration they concern.
/// </summary>
public sealed class ContractJsonProblemTests
{
    // The reference toy contract: [0] distance_km numeric reject_row [0, 5000] reject; [1] origin_backlog numeric with
    // indicator, clamp [0, 1000], max age 6 h; [2] carrier categorical northline/eastway, unseen -> other;
    // [3] expedited boolean, default false where the source declares absence.
    private static readonly string ReferenceJson = ContractJson.Write(Reference().Build());

    /// <summary>
    /// The reference JSON with the value at <paramref name="pointer"/> (slash-separated names and indexes) replaced by
    /// <paramref name="valueJson"/>, or removed when it is <see langword="null"/>.
    /// </summary>
    private static string Edited(string pointer, string? valueJson)
    {
        JsonNode root = JsonNode.Parse(ReferenceJson)!;
        string[] segments = pointer.Split('/');
        JsonNode parent = root;
        foreach (string segment in segments[..^1])
        {
            parent = int.TryParse(segment, CultureInfo.InvariantCulture, out int i) ? parent[i]! : parent[segment]!;
        }

        string last = segments[^1];
        JsonNode? value = valueJson is null ? null : JsonNode.Parse(valueJson);
        if (parent is JsonArray array)
        {
            array[int.Parse(last, CultureInfo.InvariantCulture)] = value;
        }
        else if (valueJson is null)
        {
            parent.AsObject().Remove(last).Should().BeTrue($"the reference JSON has '{pointer}'");
        }
        else
        {
            parent[last] = value;
        }

        return root.ToJsonString();
    }

    private static ContractDefinitionException Refusal(string json)
    {
        Action read = () => ToyCatalog.Read(json);
        return read.Should().Throw<ContractDefinitionException>().Which;
    }

    private static (ContractProblemCode Code, string? Path)[] Problems(string json)
        => [.. Refusal(json).Problems.Select(p => (p.Code, p.Path))];

    // ---- problems only a file can have --------------------------------------------------------------------------

    [Theory]
    [InlineData("version", "\"1\"", "$.version")]
    [InlineData("description", "[]", "$.description")]
    [InlineData("features", "{}", "$.features")]
    [InlineData("features/0", "42", "$.features[0]")]
    [InlineData("features/0/name", "7", "$.features[0].name")]
    [InlineData("features/0/kind", "true", "$.features[0].kind")]
    [InlineData("features/0/source", "{}", "$.features[0].source")]
    [InlineData("features/0/missing", "\"reject_row\"", "$.features[0].missing")]
    [InlineData("features/0/range/min", "true", "$.features[0].range.min")]
    [InlineData("features/0/range", "[0, 5000]", "$.features[0].range")]
    [InlineData("features/1/max_age", "6", "$.features[1].max_age")]
    [InlineData("features/2/vocabulary", "\"northline\"", "$.features[2].vocabulary")]
    [InlineData("features/2/vocabulary/1", "7", "$.features[2].vocabulary[1]")]
    [InlineData("features/3/missing/value", "\"no\"", "$.features[3].missing.value")]
    public void Wrong_json_type_is_refused_with_its_path(string pointer, string valueJson, string path)
        => Problems(Edited(pointer, valueJson)).Should().Equal((ContractProblemCode.WrongJsonType, path));

    [Fact]
    public void A_document_that_is_not_an_object_is_refused_at_the_root()
        => Problems("[]").Should().Equal((ContractProblemCode.WrongJsonType, "$"));

    [Theory]
    [InlineData("name", "$.name")]
    [InlineData("version", "$.version")]
    [InlineData("features/0/name", "$.features[0].name")]
    [InlineData("features/0/kind", "$.features[0].kind")]
    [InlineData("features/0/missing/rule", "$.features[0].missing.rule")]
    [InlineData("features/0/range/min", "$.features[0].range.min")]
    [InlineData("features/0/range/action", "$.features[0].range.action")]
    [InlineData("features/2/unseen/action", "$.features[2].unseen.action")]
    [InlineData("features/2/unseen/bucket", "$.features[2].unseen.bucket")]
    [InlineData("features/3/missing/value", "$.features[3].missing.value")]
    public void Missing_required_property_is_refused_with_its_path(string pointer, string path)
        => Problems(Edited(pointer, null)).Should().Equal((ContractProblemCode.MissingProperty, path));

    [Fact]
    public void Null_counts_as_absent()
        => Problems(Edited("features/0/kind", "null")).Should().Equal((ContractProblemCode.MissingProperty, "$.features[0].kind"));

    [Fact]
    public void A_fill_rule_requires_its_value()
        => Problems(Edited("features/0/missing", """{ "rule": "fill" }"""))
            .Should().Equal((ContractProblemCode.MissingProperty, "$.features[0].missing.value"));

    [Theory]
    [InlineData("owner", "\"logistics\"", "$.owner")]
    [InlineData("features/0/vocabulary", "[\"a\"]", "$.features[0].vocabulary")]
    [InlineData("features/0/unseen", "{ \"action\": \"reject\" }", "$.features[0].unseen")]
    [InlineData("features/2/range", "{ \"min\": 0, \"max\": 1, \"action\": \"reject\" }", "$.features[2].range")]
    [InlineData("features/3/range", "{ \"min\": 0, \"max\": 1, \"action\": \"reject\" }", "$.features[3].range")]
    [InlineData("features/0/inputs", "[\"order_placed.distance_km\"]", "$.features[0].inputs")]
    [InlineData("features/0/missing/value", "1", "$.features[0].missing.value")]
    [InlineData("features/1/missing/value", "1", "$.features[1].missing.value")]
    [InlineData("features/0/range/step", "1", "$.features[0].range.step")]
    [InlineData("features/2/unseen/colour", "\"red\"", "$.features[2].unseen.colour")]
    [InlineData("features/0/max age", "\"0:01:00:00\"", "$.features[0]['max age']")]
    public void Unknown_property_is_refused_with_its_path(string pointer, string valueJson, string path)
        => Problems(Edited(pointer, valueJson)).Should().Equal((ContractProblemCode.UnknownProperty, path));

    [Fact]
    public void A_bucket_with_reject_unseen_is_an_unknown_property()
        => Problems(Edited("features/2/unseen", """{ "action": "reject", "bucket": "other" }"""))
            .Should().Equal((ContractProblemCode.UnknownProperty, "$.features[2].unseen.bucket"));

    [Theory]
    [InlineData("version", "1.5", "$.version")]
    [InlineData("version", "4294967296", "$.version")]
    [InlineData("features/0/kind", "\"integer\"", "$.features[0].kind")]
    [InlineData("features/0/kind", "\"Numeric\"", "$.features[0].kind")]
    [InlineData("features/0/missing/rule", "\"zero_fill\"", "$.features[0].missing.rule")]
    [InlineData("features/0/range/action", "\"wrap\"", "$.features[0].range.action")]
    [InlineData("features/0/range/max", "1e400", "$.features[0].range.max")]
    [InlineData("features/0/range/max", "\"lots\"", "$.features[0].range.max")]
    [InlineData("features/0/range/max", "\"infinity\"", "$.features[0].range.max")]
    [InlineData("features/2/unseen/action", "\"ignore\"", "$.features[2].unseen.action")]
    [InlineData("features/1/max_age", "\"6h\"", "$.features[1].max_age")]
    [InlineData("features/1/max_age", "\"PT6H\"", "$.features[1].max_age")]
    [InlineData("features/1/max_age", "\"06:00:00\"", "$.features[1].max_age")]
    public void Invalid_value_is_refused_with_its_path(string pointer, string valueJson, string path)
        => Problems(Edited(pointer, valueJson)).Should().Equal((ContractProblemCode.InvalidValue, path));

    [Fact]
    public void Default_where_the_source_declares_absence_is_for_boolean_features_only()
    {
        string json = Edited("features/0/missing", """{ "rule": "default_where_source_declares_absence", "value": 1 }""");

        ContractProblem problem = Refusal(json).Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(ContractProblemCode.InvalidValue);
        problem.Path.Should().Be("$.features[0].missing.rule");
        problem.Message.Should().Contain("boolean");
    }

    [Fact]
    public void Unknown_source_is_refused_with_its_path_and_the_known_names()
    {
        ContractProblem problem = Refusal(Edited("features/0/source", "\"toy.route\"")).Problems.Should().ContainSingle().Subject;

        problem.Code.Should().Be(ContractProblemCode.UnknownSource);
        problem.Path.Should().Be("$.features[0].source");
        problem.Feature.Should().Be("distance_km");
        problem.Message.Should().Contain("'toy.route'").And.Contain("'toy.distance'");
    }

    [Theory]
    [InlineData("features/0/source", "\"toy.carrier\"", "$.features[0].source")]
    [InlineData("features/2/source", "\"toy.expedited\"", "$.features[2].source")]
    [InlineData("features/3/source", "\"toy.distance\"", "$.features[3].source")]
    public void Source_of_another_kind_is_refused_with_its_path(string pointer, string valueJson, string path)
        => Problems(Edited(pointer, valueJson)).Should().Equal((ContractProblemCode.SourceKindMismatch, path));

    [Fact]
    public void Malformed_json_is_refused_with_line_and_position()
    {
        const string Json = "{\n  \"name\": \"toy\",\n  \"version\": }\n";

        ContractDefinitionException ex = Refusal(Json);

        ContractProblem problem = ex.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(ContractProblemCode.InvalidJson);
        problem.Path.Should().Be("$");
        problem.Message.Should().Contain("line 3, byte 14");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"name\": \"toy\", } ")]
    [InlineData("{ \"name\": \"toy\" } // a comment")]
    [InlineData("{ \"name\": \"toy\" } { }")]
    public void Not_well_formed_json_is_refused(string json)
        => Problems(json).Should().Equal((ContractProblemCode.InvalidJson, "$"));

    [Fact]
    public void Malformed_json_from_a_stream_is_refused_the_same_way()
    {
        using var stream = new System.IO.MemoryStream("{ \"name\": "u8.ToArray());

        Action read = () => ContractJson.Read(stream, ToyCatalog.All);

        read.Should().Throw<ContractDefinitionException>().Which.Problems.Select(p => p.Code).Should().Equal(ContractProblemCode.InvalidJson);
    }

    [Fact]
    public void A_repeated_property_is_refused_at_its_second_occurrence()
    {
        string json = ReferenceJson.Replace("\"kind\": \"numeric\"", "\"kind\": \"numeric\", \"kind\": \"boolean\"", StringComparison.Ordinal);

        Problems(json).Should().Contain((ContractProblemCode.InvalidJson, "$.features[0].kind"));
    }

    [Fact]
    public void A_lone_surrogate_escape_is_refused_with_its_path()
    {
        string json = ReferenceJson.Replace("\"northline\"", "\"\\uD800\"", StringComparison.Ordinal);

        Problems(json).Should().Equal((ContractProblemCode.InvalidValue, "$.features[2].vocabulary[0]"));
    }

    [Fact]
    public void A_property_name_with_a_lone_surrogate_escape_is_refused()
    {
        string json = ReferenceJson.Replace("\"version\": 1,", "\"version\": 1, \"\\uDC00\": 1,", StringComparison.Ordinal);

        Problems(json).Should().Equal((ContractProblemCode.InvalidJson, "$"));
    }

    // ---- the builder's problems, placed ------------------------------------------------------------------------

    [Theory]
    [InlineData("name", "\"Toy Contract\"", ContractProblemCode.InvalidContractName, "$.name")]
    [InlineData("version", "0", ContractProblemCode.InvalidVersion, "$.version")]
    [InlineData("features", "[]", ContractProblemCode.NoFeatures, "$.features")]
    [InlineData("features/0/name", "\"Distance\"", ContractProblemCode.InvalidFeatureName, "$.features[0].name")]
    [InlineData("features/1/missing/indicator", "\"Backlog Missing\"", ContractProblemCode.InvalidFeatureName, "$.features[1].missing.indicator")]
    [InlineData("features/1/missing/indicator", "\"distance_km\"", ContractProblemCode.DuplicateFeatureName, "$.features[1].missing.indicator")]
    [InlineData("features/1/name", "\"distance_km\"", ContractProblemCode.DuplicateFeatureName, "$.features[1].name")]
    [InlineData("features/0/source", null, ContractProblemCode.MissingValueSource, "$.features[0].source")]
    [InlineData("features/0/source", "\"toy.hours_to_delivery\"", ContractProblemCode.OutcomeFieldAsInput, "$.features[0].source")]
    [InlineData("features/0/missing", null, ContractProblemCode.MissingRuleNotDeclared, "$.features[0].missing")]
    [InlineData("features/0/missing", "{ \"rule\": \"fill\", \"value\": 9000 }", ContractProblemCode.InvalidFillValue, "$.features[0].missing.value")]
    [InlineData("features/0/missing", "{ \"rule\": \"fill\", \"value\": \"Infinity\" }", ContractProblemCode.InvalidFillValue, "$.features[0].missing.value")]
    [InlineData("features/2/missing", "{ \"rule\": \"fill\", \"value\": \"westway\" }", ContractProblemCode.InvalidFillValue, "$.features[2].missing.value")]
    [InlineData("features/3/missing/value", "true", ContractProblemCode.AbsenceNotDeclaredBySource, "$.features[3].missing.value")]
    [InlineData("features/3/source", "\"toy.expedited_undeclared\"", ContractProblemCode.AbsenceNotDeclaredBySource, "$.features[3].missing.value")]
    [InlineData("features/1/max_age", "\"-0:01:00:00\"", ContractProblemCode.NonPositiveMaxAge, "$.features[1].max_age")]
    [InlineData("features/1/max_age", "\"0:00:00:00\"", ContractProblemCode.NonPositiveMaxAge, "$.features[1].max_age")]
    [InlineData("features/0/range", null, ContractProblemCode.RangeNotDeclared, "$.features[0].range")]
    [InlineData("features/0/range/min", "\"NaN\"", ContractProblemCode.NaNBound, "$.features[0].range")]
    [InlineData("features/0/range/min", "6000", ContractProblemCode.MinGreaterThanMax, "$.features[0].range")]
    [InlineData("features/0/range/min", "\"Infinity\"", ContractProblemCode.MinGreaterThanMax, "$.features[0].range")]
    [InlineData("features/2/vocabulary", null, ContractProblemCode.EmptyVocabulary, "$.features[2].vocabulary")]
    [InlineData("features/2/vocabulary", "[]", ContractProblemCode.EmptyVocabulary, "$.features[2].vocabulary")]
    [InlineData("features/2/vocabulary", "[\"a\", \"a\"]", ContractProblemCode.DuplicateVocabularyEntry, "$.features[2].vocabulary")]
    [InlineData("features/2/vocabulary", "[\"a\", \" \"]", ContractProblemCode.InvalidCategory, "$.features[2].vocabulary")]
    [InlineData("features/2/unseen/bucket", "\" \"", ContractProblemCode.InvalidCategory, "$.features[2].unseen.bucket")]
    [InlineData("features/2/unseen", null, ContractProblemCode.UnseenPolicyNotDeclared, "$.features[2].unseen")]
    [InlineData("features/2/unseen/bucket", "\"northline\"", ContractProblemCode.UnseenBucketInVocabulary, "$.features[2].unseen.bucket")]
    public void Builder_problem_is_placed_at_its_declaration(string pointer, string? valueJson, ContractProblemCode code, string path)
        => Problems(Edited(pointer, valueJson)).Should().Equal((code, path));

    [Fact]
    public void Blank_entry_and_blank_bucket_are_placed_apart()
    {
        JsonNode root = JsonNode.Parse(ReferenceJson)!;
        root["features"]![2]!["vocabulary"] = new JsonArray("a", " ");
        root["features"]![2]!["unseen"]!["bucket"] = "";

        Problems(root.ToJsonString()).Should().Equal(
            (ContractProblemCode.InvalidCategory, "$.features[2].vocabulary"),
            (ContractProblemCode.InvalidCategory, "$.features[2].unseen.bucket"));
    }

    [Fact]
    public void Invalid_name_and_invalid_indicator_of_one_feature_are_placed_apart()
    {
        JsonNode root = JsonNode.Parse(ReferenceJson)!;
        root["features"]![1]!["name"] = "Backlog";
        root["features"]![1]!["missing"]!["indicator"] = "Backlog Missing";

        Problems(root.ToJsonString()).Should().Equal(
            (ContractProblemCode.InvalidFeatureName, "$.features[1].name"),
            (ContractProblemCode.InvalidFeatureName, "$.features[1].missing.indicator"));
    }

    [Fact]
    public void A_builder_problem_is_not_repeated_for_a_declaration_the_file_already_got_wrong()
    {
        // The unknown source is never handed to the builder, which would otherwise also say "no value source".
        Problems(Edited("features/0/source", "\"toy.route\""))
            .Should().Equal((ContractProblemCode.UnknownSource, "$.features[0].source"));
    }

    [Fact]
    public void Problems_of_a_feature_without_a_name_still_point_at_its_index()
    {
        JsonNode root = JsonNode.Parse(ReferenceJson)!;
        root["features"]![1]!.AsObject().Remove("name");
        root["features"]![1]!["range"]!["min"] = 5000;

        ContractDefinitionException ex = Refusal(root.ToJsonString());

        ex.Problems.Select(p => (p.Feature, p.Code, p.Path)).Should().Equal(
            (null, ContractProblemCode.MissingProperty, "$.features[1].name"),
            (null, ContractProblemCode.MinGreaterThanMax, "$.features[1].range"));
    }

    [Fact]
    public void Every_problem_of_a_file_is_listed_at_once_in_file_order()
    {
        JsonNode root = JsonNode.Parse(ReferenceJson)!;
        root["version"] = 0;
        root["comment"] = "draft";
        JsonArray features = root["features"]!.AsArray();
        features[0]!["range"]!["min"] = 6000;
        features[0]!["range"]!["action"] = "wrap";
        features[1]!["max_age"] = "six hours";
        features[1]!["missing"]!["indicator"] = "distance_km";
        features[2]!["vocabulary"] = new JsonArray("northline", "northline");
        features[2]!["source"] = "toy.carrier_v2";
        features[3]!["kind"] = "flag";

        ContractDefinitionException ex = Refusal(root.ToJsonString());

        ex.ContractName.Should().Be("toy");
        ex.Problems.Select(p => (p.Code, p.Path)).Should().Equal(
            (ContractProblemCode.UnknownProperty, "$.comment"),
            (ContractProblemCode.InvalidVersion, "$.version"),
            (ContractProblemCode.InvalidValue, "$.features[0].range.action"),
            (ContractProblemCode.InvalidValue, "$.features[1].max_age"),
            (ContractProblemCode.DuplicateFeatureName, "$.features[1].missing.indicator"),
            (ContractProblemCode.UnknownSource, "$.features[2].source"),
            (ContractProblemCode.DuplicateVocabularyEntry, "$.features[2].vocabulary"),
            (ContractProblemCode.InvalidValue, "$.features[3].kind"));
    }

    [Fact]
    public void Problem_text_leads_with_its_path()
    {
        ContractDefinitionException ex = Refusal(Edited("features/0/range/min", "6000"));

        ex.Problems.Single().ToString().Should().StartWith("$.features[0].range: 'distance_km': MinGreaterThanMax: ");
        ex.Message.Should().Contain("$.features[0].range: 'distance_km': MinGreaterThanMax");
    }

    [Fact]
    public void Problems_of_a_contract_defined_in_code_have_no_path()
    {
        ContractProblem problem = ProblemsOf(Define().Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(2, 1))).Single();

        problem.Path.Should().BeNull();
        problem.ToString().Should().Be("'distance_km': MinGreaterThanMax: range minimum 2 is greater than its maximum 1");
    }
}
