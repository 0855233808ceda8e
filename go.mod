module imrpacket

go 1.26.8
