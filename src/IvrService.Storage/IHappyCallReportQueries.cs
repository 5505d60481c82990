namespace IvrService.Storage;

/// <summary>Report figures over the happy calls, their attempts and their answers, counted and grouped in the database.</summary>
public interface IHappyCallReportQueries
{
    /// <summary>Attempts, reach and outcomes of every period and group of <paramref name="query"/> and of its whole range.</summary>
    Task<OutboundReportData> GetOutboundAsync(OutboundReportQuery query, CancellationToken cancellationToken);

    /// <summary>Responses, escalations and answers of every period and group of <paramref name="query"/> and of its whole range.</summary>
    Task<SatisfactionReportData> GetSatisfactionAsync(SatisfactionReportQuery query, CancellationToken cancellationToken);
}
