using System;

namespace FeatureContracts.Sources;

/// <summary>What a source field is allowed to be used for.</summary>
public enum FieldRole
{
    /// <summary>A fact that can be known before the outcome; may feed features.</summary>
    Predictor,

    /// <summary>
    /// A fact that exists only once the outcome is known (a delivery, a complaint, the label itself).
    /// Declaring it as a feature input fails when the contract is built.
    /// </summary>
    OutcomeOnly,
}

/// <summary>
/// A field of a source event that a feature reads, e.g. <c>order_placed.distance_km</c>. Fields are declared
/// once by the domain, with their role and, where the source declares it, what the field's absence means.
/// </summary>
public sealed record InputField
{
    private InputField(string eventType, string field, FieldRole role, bool? absenceMeans)
    {
        EventType = eventType;
        Field = field;
        Role = role;
        AbsenceMeans = absenceMeans;
    }

    /// <summary>The event type the field belongs to, e.g. <c>order_placed</c>.</summary>
    public string EventType { get; }

    /// <summary>The field's name, e.g. <c>distance_km</c>.</summary>
    public string Field { get; }

    /// <summary>Whether the field may feed features.</summary>
    public FieldRole Role { get; }

    /// <summary>
    /// Where the source declares that an absent field means a boolean value, that value; otherwise
    /// <see langword="null"/>: absence is then simply missing.
    /// </summary>
    public bool? AbsenceMeans { get; }

    /// <summary>The field's qualified name, <c>event_type.field</c>.</summary>
    public string QualifiedName => EventType + "." + Field;

    /// <summary>Declares a field that may feed features.</summary>
    public static InputField Predictor(string eventType, string field) => Create(eventType, field, FieldRole.Predictor, null);

    /// <summary>Declares a field that exists only once the outcome is known; it can never feed a feature.</summary>
    public static InputField OutcomeOnly(string eventType, string field) => Create(eventType, field, FieldRole.OutcomeOnly, null);

    /// <summary>Returns this field with the source's declaration that its absence means <paramref name="value"/>.</summary>
    public InputField AbsenceMeaning(bool value) => new(EventType, Field, Role, value);

    /// <inheritdoc />
    public override string ToString() => QualifiedName;

    private static InputField Create(string eventType, string field, FieldRole role, bool? absenceMeans)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return new InputField(eventType, field, role, absenceMeans);
    }
}
