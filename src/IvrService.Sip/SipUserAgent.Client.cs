using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IvrService.Sip.Internal;

namespace IvrService.Sip;

public sealed partial class SipUserAgent
{
    /// <summary>
    /// Sends a request out of dialog or in one through a new client transaction. Adds Via (new branch, rport),
    /// Max-Forwards and User-Agent; resolves the next hop from Route or the Request-URI when none is given.
    /// </summary>
    public async Task<SipClientTransaction> SendRequestAsync(SipRequest request, SipEndPoint? nextHop = null, CancellationToken cancellationToken = default)
    {
        var destination = nextHop ?? await ResolveNextHopAsync(request, cancellationToken).ConfigureAwait(false);
        PrepareForSending(request, destination);
        var transaction = _transactions.CreateClientTransaction(request, destination);
        await _transactions.StartClientTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    /// <summary>Places a call: INVITE, authentication, ringing, CANCEL on timeout or cancellation, ACK on answer.</summary>
    public async Task<SipInviteResult> InviteAsync(SipOutgoingCall call, CancellationToken cancellationToken = default)
    {
        var from = call.From.Clone();
        from.Tag ??= SipIds.NewTag();
        var to = (call.To ?? new SipNameAddress(call.Target.Clone())).Clone();
        var callId = call.CallId ?? SipIds.NewCallId();
        var destination = call.NextHop ?? await ResolveUriAsync(call.Target, cancellationToken).ConfigureAwait(false);
        var sequence = 1u;
        var authenticator = call.Credentials is null ? null : new SipDigestClient(call.Credentials);

        using var ringTimer = new CancellationTokenSource(call.RingTimeout, TimeProvider);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ringTimer.Token);
        while (true)
        {
            var invite = new SipRequest(SipMethods.Invite, call.Target.Clone());
            invite.Headers.Add(SipHeaderNames.From, from.ToString());
            invite.Headers.Add(SipHeaderNames.To, to.ToString());
            invite.Headers.Add(SipHeaderNames.CallId, callId);
            invite.Headers.Add(SipHeaderNames.CSeq, sequence.ToString(CultureInfo.InvariantCulture) + " INVITE");
            invite.Headers.Add(SipHeaderNames.Contact, "<" + LocalContactTowards(destination, from.Uri.User) + ">");
            invite.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
            foreach (var (name, value) in call.ExtraHeaders)
            {
                invite.Headers.Add(name, value);
            }

            authenticator?.Authorize(invite);
            if (call.SdpOffer is not null)
            {
                invite.SetBody("application/sdp", call.SdpOffer);
            }

            var transaction = await SendRequestAsync(invite, destination, cancellationToken).ConfigureAwait(false);
            var (final, cancelled) = await AwaitFinalAsync(transaction, call, giveUp.Token).ConfigureAwait(false);
            if (final.StatusCode is 401 or 407 && authenticator is not null && !cancelled &&
                authenticator.AcceptChallenge(final) && sequence < 4)
            {
                sequence++;
                continue;
            }

            if (!final.IsSuccess)
            {
                return new SipInviteResult(final, null, cancelled, invite);
            }

            // The 2xx is acknowledged whatever happened to the caller's token meanwhile (it is what made us CANCEL):
            // an unacknowledged 2xx leaves the callee up until its 64*T1 and the dialog with us (RFC 3261 §13.2.2.4).
            var dialog = CreateClientDialog(invite, final, transaction.Destination);
            _dialogs[dialog.Key] = dialog;
            await SendAckAsync(dialog, sequence, CancellationToken.None).ConfigureAwait(false);
            if (cancelled)
            {
                // The 2xx crossed our CANCEL: acknowledge it, then end the call (RFC 3261 §9.1).
                await ByeAsync(dialog, CancellationToken.None).ConfigureAwait(false);
                return new SipInviteResult(final, null, true, invite);
            }

            return new SipInviteResult(final, dialog, false, invite);
        }
    }

    /// <summary>Ends a dialog with BYE and waits for its final response (a 408/481 ends it just the same).</summary>
    public async Task<SipResponse> ByeAsync(SipDialog dialog, CancellationToken cancellationToken = default)
    {
        RemoveDialog(dialog);
        var bye = dialog.CreateRequest(SipMethods.Bye);
        var transaction = await SendRequestAsync(bye, await DialogNextHopAsync(dialog, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return await transaction.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request inside a dialog (INFO, REFER, re-INVITE, OPTIONS) and returns its transaction.</summary>
    public async Task<SipClientTransaction> SendInDialogAsync(SipDialog dialog, SipRequest request, CancellationToken cancellationToken = default)
    {
        return await SendRequestAsync(request, await DialogNextHopAsync(dialog, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    private async Task<(SipResponse Final, bool Cancelled)> AwaitFinalAsync(SipClientTransaction transaction, SipOutgoingCall call, CancellationToken giveUp)
    {
        // Once CANCEL is sent the final response is still awaited (a 2xx may cross it and must be ACKed), but for
        // 64*T1 at most: a peer that never answers the CANCEL must not hold the call forever (RFC 3261 §9.1).
        using var afterCancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan, TimeProvider);
        var cancelSent = false;
        var abandoned = false;
        var reader = transaction.Responses;
        while (true)
        {
            SipResponse response;
            try
            {
                if (!await reader.WaitToReadAsync(!cancelSent ? giveUp : abandoned ? CancellationToken.None : afterCancel.Token).ConfigureAwait(false))
                {
                    return (await transaction.Completion.ConfigureAwait(false), cancelSent);
                }

                if (!reader.TryRead(out response!))
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancelSent)
            {
                abandoned = true;
                transaction.AbandonAfterCancel();
                continue;
            }
            catch (OperationCanceledException)
            {
                cancelSent = true;
                await CancelAsync(transaction).ConfigureAwait(false);
                afterCancel.CancelAfter(_options.Timers.TransactionTimeout);
                continue;
            }

            if (response.IsProvisional)
            {
                call.OnProvisional?.Invoke(response);
                if (giveUp.IsCancellationRequested && !cancelSent)
                {
                    cancelSent = true;
                    await CancelAsync(transaction).ConfigureAwait(false);
                    afterCancel.CancelAfter(_options.Timers.TransactionTimeout);
                }

                continue;
            }

            return (response, cancelSent);
        }
    }

    /// <summary>CANCELs a pending INVITE (RFC 3261 §9.1); waits for a provisional response first.</summary>
    public async Task CancelAsync(SipClientTransaction invite)
    {
        if (!invite.HasProvisional)
        {
            // No provisional yet: a CANCEL now could overtake the INVITE (§9.1). Wait for one, or for the INVITE to end
            // (Timer B bounds that wait).
            while (!invite.HasProvisional && !invite.Completion.IsCompleted)
            {
                await Task.WhenAny(invite.Completion, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider)).ConfigureAwait(false);
            }

            if (invite.Completion.IsCompleted)
            {
                return;
            }
        }

        var request = invite.Request;
        var cancel = new SipRequest(SipMethods.Cancel, request.Uri);
        cancel.Headers.Add(SipHeaderNames.Via, request.Headers.GetValues(SipHeaderNames.Via)[0]);
        foreach (var route in request.Headers.GetLines(SipHeaderNames.Route))
        {
            cancel.Headers.Add(SipHeaderNames.Route, route);
        }

        cancel.Headers.Add(SipHeaderNames.MaxForwards, "70");
        cancel.Headers.Add(SipHeaderNames.From, request.Headers[SipHeaderNames.From]!);
        cancel.Headers.Add(SipHeaderNames.To, request.Headers[SipHeaderNames.To]!);
        cancel.Headers.Add(SipHeaderNames.CallId, request.CallId!);
        cancel.Headers.Add(SipHeaderNames.CSeq, new SipCSeq(request.CSeq!.Value.Number, SipMethods.Cancel).ToString());
        var transaction = _transactions.CreateClientTransaction(cancel, invite.Destination);
        await _transactions.StartClientTransactionAsync(transaction, CancellationToken.None).ConfigureAwait(false);
    }

    private SipDialog CreateClientDialog(SipRequest invite, SipResponse answer, SipEndPoint remote)
    {
        var contact = answer.GetAddresses(SipHeaderNames.Contact);
        var routes = answer.GetAddresses(SipHeaderNames.RecordRoute);
        routes.Reverse();
        return new SipDialog(
            isCaller: true,
            invite.CallId!,
            invite.From!.Clone(),
            answer.To!.Clone(),
            contact.Count > 0 ? contact[0].Uri : invite.Uri,
            routes,
            invite.CSeq!.Value.Number,
            remoteSequence: 0,
            remote,
            SipUri.Parse(invite.Headers[SipHeaderNames.Contact]!.Trim('<', '>')));
    }

    private async Task SendAckAsync(SipDialog dialog, uint sequence, CancellationToken cancellationToken)
    {
        var ack = dialog.CreateRequest(SipMethods.Ack, sequence);
        var destination = await DialogNextHopAsync(dialog, cancellationToken).ConfigureAwait(false);
        PrepareForSending(ack, destination);
        await _transport.SendAsync(ack, destination, cancellationToken).ConfigureAwait(false);
    }

    private void PrepareForSending(SipRequest request, SipEndPoint destination)
    {
        // Every request but CANCEL starts a transaction of its own: a fresh Via with a new branch (CANCEL reuses the INVITE's).
        if (request.Method != SipMethods.Cancel)
        {
            var local = _transport.LocalAddressFor(destination.EndPoint.Address);
            var via = new SipVia(destination.TransportName, HostText(local), _transport.LocalPort(destination.Transport), SipIds.NewBranch());
            via.Parameters.Set("rport", null);
            request.Headers.Remove(SipHeaderNames.Via);
            request.Headers.AddFirst(SipHeaderNames.Via, via.ToString());
        }

        if (!request.Headers.Contains(SipHeaderNames.MaxForwards))
        {
            request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        }

        if (!request.Headers.Contains(SipHeaderNames.UserAgent))
        {
            request.Headers.Add(SipHeaderNames.UserAgent, _options.UserAgent);
        }
    }

    /// <summary>Our Contact URI as seen from <paramref name="destination"/>.</summary>
    public SipUri LocalContactFor(SipEndPoint destination, string? user) => LocalContactTowards(destination, user);

    private SipUri LocalContactTowards(SipEndPoint destination, string? user)
    {
        var local = _transport.LocalAddressFor(destination.EndPoint.Address);
        var contact = SipUri.Create("sip", user, HostText(local), _transport.LocalPort(destination.Transport));
        if (destination.Transport == SipTransportKind.Tcp)
        {
            contact.Parameters.Set("transport", "tcp");
        }

        return contact;
    }

    /// <summary>The next hop for a URI (transport parameter or UDP, port or 5060, A/AAAA lookup).</summary>
    public Task<SipEndPoint> ResolveAsync(SipUri uri, CancellationToken cancellationToken) => ResolveUriAsync(uri, cancellationToken);

    private Task<SipEndPoint> DialogNextHopAsync(SipDialog dialog, CancellationToken cancellationToken)
    {
        if (dialog.UseRemoteEndPoint && dialog.RouteSet.Count == 0)
        {
            return Task.FromResult(dialog.RemoteEndPoint);
        }

        var uri = dialog.RouteSet.Count > 0 ? dialog.RouteSet[0].Uri : dialog.RemoteTarget;
        return ResolveUriAsync(uri, cancellationToken, fallback: dialog.RemoteEndPoint);
    }

    private Task<SipEndPoint> ResolveNextHopAsync(SipRequest request, CancellationToken cancellationToken)
    {
        var routes = request.GetAddresses(SipHeaderNames.Route);
        return ResolveUriAsync(routes.Count > 0 ? routes[0].Uri : request.Uri, cancellationToken);
    }

    /// <summary>
    /// The address and transport for a URI (RFC 3263 reduced to A/AAAA lookups: transport parameter or UDP,
    /// port or 5060). Falls back to where the peer's messages came from when the host cannot be resolved.
    /// </summary>
    private async Task<SipEndPoint> ResolveUriAsync(SipUri uri, CancellationToken cancellationToken, SipEndPoint? fallback = null)
    {
        var transport = uri.Transport == "tcp" ? SipTransportKind.Tcp : SipTransportKind.Udp;
        var port = uri.Port ?? 5060;
        var host = uri.Host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return new SipEndPoint(transport, new IPEndPoint(address, port));
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            var chosen = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork) ??
                         (addresses.Length > 0 ? addresses[0] : null);
            if (chosen is not null)
            {
                return new SipEndPoint(transport, new IPEndPoint(chosen, port));
            }
        }
        catch (SocketException) when (fallback is not null)
        {
        }

        return fallback ?? throw new SocketException((int)SocketError.HostNotFound);
    }
}
