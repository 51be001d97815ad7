from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import ActorAPIView

from .services import LoginError, user_authenticate


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="Nama pengguna atau NIP")
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenApi(APIView):
    """POST username (or NIP) and password, get an API token. Throttled like the login page."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Kredensial salah atau data tidak lengkap."),
            429: OpenApiResponse(description="Terlalu banyak percobaan gagal; akun dikunci sementara."),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = user_authenticate(
                request=request._request,
                identifier=serializer.validated_data["username"],
                password=serializer.validated_data["password"],
            )
        except LoginError as error:
            code = status.HTTP_429_TOO_MANY_REQUESTS if error.locked else status.HTTP_400_BAD_REQUEST
            return Response({"detail": error.message}, status=code)
        token, _created = Token.objects.get_or_create(user=result.user)
        return Response({"token": token.key})


class SayaSerializer(serializers.Serializer):
    username = serializers.CharField()
    nama = serializers.CharField()
    nip = serializers.CharField(allow_null=True)
    role = serializers.CharField(allow_null=True)
    instansi = serializers.CharField(allow_null=True)


class SayaApi(ActorAPIView):
    """The caller: username, role and instansi."""

    permission_map = {"get": "account.view"}

    @extend_schema(responses={200: SayaSerializer, 403: OpenApiResponse(description="Tanpa peran.")})
    def get(self, request):
        actor = self.actor
        return Response(
            SayaSerializer(
                {
                    "username": actor.user.username,
                    "nama": actor.user.get_full_name(),
                    "nip": actor.user.nip,
                    "role": actor.role.value if actor.role else None,
                    "instansi": actor.instansi.kode if actor.instansi else None,
                }
            ).data
        )
