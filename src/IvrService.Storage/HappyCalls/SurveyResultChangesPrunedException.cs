using System.Globalization;

namespace IvrService.Storage.HappyCalls;

/// <summary>
/// Changes after the position asked for have been deleted by retention (every change at or below
/// <see cref="PrunedThrough"/> is gone): a reader there cannot follow on without missing some.
/// </summary>
public sealed class SurveyResultChangesPrunedException : Exception
{
    public SurveyResultChangesPrunedException()
    {
    }

    public SurveyResultChangesPrunedException(string message)
        : base(message)
    {
    }

    public SurveyResultChangesPrunedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SurveyResultChangesPrunedException(long afterPosition, long prunedThrough)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"Changes after position {afterPosition} are no longer kept: retention has deleted every change up to {prunedThrough}."))
    {
        AfterPosition = afterPosition;
        PrunedThrough = prunedThrough;
    }

    /// <summary>The position the reader asked to follow on from.</summary>
    public long AfterPosition { get; }

    /// <summary>The highest position retention has deleted.</summary>
    public long PrunedThrough { get; }
}
