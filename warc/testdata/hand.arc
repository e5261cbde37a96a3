filedesc://hand.arc 0.0.0.0 20240101000000 text/plain 70
1 0 Hand Made
URL IP-address Archive-date Content-type Archive-length

http://example.org/ 192.0.2.1 20240101000000 text/plain 45
HTTP/1.0 200 OK
Content-Type: text/plain

hi

