namespace IvrService.HappyCalls;

/// <summary>
/// A test survey call an admin asks for (<c>ivrctl call test</c>): the number in any accepted format, the survey
/// (empty: the one of service type <see cref="ServiceType"/>) and the language (empty: <c>fa</c>).
/// </summary>
public sealed record TestCall(string Phone, string SurveyId, string Language)
{
    /// <summary>The service type of the synthetic service a test call reports (its policy and reports rows are its own).</summary>
    public const string ServiceType = "test";

    /// <summary>The prefix of a test call's synthetic service id (<c>test-&lt;uuid&gt;</c>).</summary>
    public const string ServiceIdPrefix = "test-";

    /// <summary>The customer id of a test call's synthetic service.</summary>
    public const string CustomerId = "test";
}
