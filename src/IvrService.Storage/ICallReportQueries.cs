namespace IvrService.Storage;

/// <summary>Report figures over the call records, counted and grouped in the database.</summary>
public interface ICallReportQueries
{
    /// <summary>The inbound figures of every period of <paramref name="query"/> and of its whole range.</summary>
    Task<InboundReportData> GetInboundAsync(InboundReportQuery query, CancellationToken cancellationToken);
}
