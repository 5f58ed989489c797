# Helpers for the Pester suite: start and stop MilvusDM.TestServer (the built executable) on a free port.

function Get-RepoRoot {
    $dir = $PSScriptRoot
    while ($dir -and -not (Test-Path (Join-Path $dir 'MilvusDM.sln'))) { $dir = Split-Path $dir -Parent }
    if (-not $dir) { throw 'Cannot find the repository root (MilvusDM.sln).' }
    $dir
}

function Start-TestServer {
    param([switch] $Auth, [int] $SegmentRows = 0, [string[]] $User = @(), [string] $StorageRoot)
    $root = Get-RepoRoot
    $dll = Get-ChildItem (Join-Path $root 'tests/MilvusDM.TestServer/bin') -Recurse -Filter 'MilvusDM.TestServer.dll' |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if (-not $dll) { throw 'Build the solution first (dotnet build MilvusDM.sln).' }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $arguments = @($dll.FullName, '--port', $port, '--flush-interval', '0')
    if ($Auth) { $arguments += '--auth' }
    if ($SegmentRows -gt 0) { $arguments += '--segment-rows', $SegmentRows }
    foreach ($u in $User) { $arguments += '--user', $u }
    if ($StorageRoot) { $arguments += '--storage-root', $StorageRoot }
    $process = Start-Process dotnet -ArgumentList $arguments -PassThru -RedirectStandardOutput ([System.IO.Path]::GetTempFileName())
    $deadline = (Get-Date).AddSeconds(30)
    while ((Get-Date) -lt $deadline) {
        try { $c = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port); $c.Dispose(); break } catch { Start-Sleep -Milliseconds 200 }
    }
    [pscustomobject]@{ Process = $process; Uri = "http://127.0.0.1:$port" }
}

function Stop-TestServer {
    param($Server)
    if ($Server -and -not $Server.Process.HasExited) { $Server.Process.Kill($true) }
}

function New-TestBatches {
    param([int] $Count, [int] $Rows, [int] $Dimension, [long] $First = 0)
    for ($b = 0; $b -lt $Count; $b++) {
        $ids = [long[]]::new($Rows); $vectors = [object[]]::new($Rows)
        for ($i = 0; $i -lt $Rows; $i++) {
            $ids[$i] = $First + $b * $Rows + $i
            $v = [float[]]::new($Dimension); for ($d = 0; $d -lt $Dimension; $d++) { $v[$d] = $ids[$i] + $d }
            $vectors[$i] = $v
        }
        New-MilvusVectorBatch -Id $ids -Vector $vectors
    }
}

Export-ModuleMember -Function Start-TestServer, Stop-TestServer, New-TestBatches, Get-RepoRoot
