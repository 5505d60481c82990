using IvrService.Testing;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>
/// The one-question survey of <c>HappyCalls/Surveys/quick-check.yaml</c> and a SIPp customer who answers it: picks up,
/// presses 1 (yes) while the question is said, and waits for the product's BYE after the closing — about 4 s a call.
/// </summary>
internal static class QuickSurvey
{
    public const string Id = "quick-check";

    /// <summary>The folder the product seeds its surveys from (<c>HappyCalls:SurveysDirectory</c>, absolute).</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "HappyCalls", "Surveys");

    /// <summary>The settings that make this survey the one every happy call runs.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("HappyCalls:SurveysDirectory", Directory),
        new("HappyCalls:SurveyId", Id),
    ];

    /// <summary>
    /// A customer who answers at once and says yes. The key comes 2.5 s after the answer: after the one-word intro,
    /// during the question (a key cuts the prompt and answers it).
    /// </summary>
    public static SippCalleeScenario WriteCallee() =>
        new SippCalleeScript()
            .Answer()
            .Wait(TimeSpan.FromSeconds(2.5)).Press("1")
            .ExpectBye(TimeSpan.FromSeconds(30))
            .Write();
}
