BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer -Auth
}

AfterAll { Stop-TestServer $server }

Describe 'Connect-Milvus' -Tag Integration {
    It 'connects with a credential and becomes the session default' {
        $cred = [pscredential]::new('root', (ConvertTo-SecureString 'Milvus' -AsPlainText -Force))
        $connection = Connect-Milvus -Uri $server.Uri -Credential $cred
        $connection.User | Should -Be 'root'
        Get-MilvusCollection | Should -BeNullOrEmpty
        Disconnect-Milvus
    }

    It 'rejects a wrong password without showing it' {
        $cred = [pscredential]::new('root', (ConvertTo-SecureString 'wrong-secret' -AsPlainText -Force))
        { Connect-Milvus -Uri $server.Uri -Credential $cred -ErrorAction Stop } |
            Should -Throw -ErrorId 'MilvusAuthenticationFailed,MilvusDM.PowerShell.Commands.ConnectMilvusCommand'
    }

    It 'needs a connection before other commands' {
        { Get-MilvusCollection -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,MilvusDM.PowerShell.Commands.GetMilvusCollectionCommand'
    }

    It 'fails clearly when the server is unreachable' {
        { Connect-Milvus -Uri 'http://127.0.0.1:1' -TimeoutSec 5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'MilvusUnavailable,MilvusDM.PowerShell.Commands.ConnectMilvusCommand'
    }

    It 'fails within -TimeoutSec on a closed port, naming the address' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $failure = { Connect-Milvus -Uri 'http://127.0.0.1:1' -TimeoutSec 2 -NoDefault -ErrorAction Stop } | Should -Throw -PassThru
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
        $failure.Exception.Message | Should -Match '127\.0\.0\.1:1'
    }

    It 'uses credentials written in the URI and never shows them' {
        $uri = $server.Uri -replace '^http://', 'http://root:Milvus@'
        $connection = Connect-Milvus -Uri $uri -NoDefault
        $connection.User | Should -Be 'root'
        $connection.Uri | Should -Not -Match 'Milvus@'
        Disconnect-Milvus $connection
        $bad = $server.Uri -replace '^http://', 'http://root:Wrong-S3cret@'
        $failure = { Connect-Milvus -Uri $bad -NoDefault -ErrorAction Stop } | Should -Throw -ErrorId 'MilvusAuthenticationFailed*' -PassThru
        "$($failure.TargetObject) $($failure.Exception.Message) $($failure.ErrorDetails)" | Should -Not -Match 'Wrong-S3cret'
    }

    It 'refuses credentials given twice' {
        $cred = [pscredential]::new('root', (ConvertTo-SecureString 'Milvus' -AsPlainText -Force))
        $uri = $server.Uri -replace '^http://', 'http://root:Milvus@'
        { Connect-Milvus -Uri $uri -Credential $cred -NoDefault -ErrorAction Stop } | Should -Throw -ErrorId 'UriCredentialsConflict*'
    }
}
